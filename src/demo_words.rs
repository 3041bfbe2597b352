//! The demo's note sentences by kind of contact, so a phone note reads like
//! a phone call and a home visit like a visit (all fictional, written for
//! casework). Every pool has the generator's length (7), so choosing from
//! one draws exactly the random values the plain pools do.

use crate::domain::NoteKind;

/// How the worker and the client were in touch, as far as the words go.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Contact {
    /// In the same room: session, home visit, group, crisis.
    InPerson,
    /// A phone call.
    Phone,
    /// About the client, with someone else (collateral, consultation).
    About,
}

pub fn contact(kind: NoteKind) -> Contact {
    match kind {
        NoteKind::PHONE => Contact::Phone,
        NoteKind::COLLATERAL | NoteKind::CONSULTATION | NoteKind::SUPERVISION => Contact::About,
        _ => Contact::InPerson,
    }
}

/// The first sentence of a note of this kind.
pub fn openers(kind: NoteKind) -> &'static [&'static str; 7] {
    match kind {
        NoteKind::PHONE => &[
            "Phone call initiated by client after a difficult weekend.",
            "Called client at the agreed time; they picked up on the second try.",
            "Client rang the duty line and asked to speak to me.",
            "Short call to confirm next week's appointment.",
            "Returned client's voicemail from yesterday afternoon.",
            "Client called from the bus on the way to work.",
            "Planned check-in call; client sounded rushed but willing to talk.",
        ],
        NoteKind::HOME_VISIT => &[
            "Met at the family home; two children present for part of the visit.",
            "Home visit as planned; client had tidied the front room.",
            "Visited the flat; the heating was off and client wore a coat indoors.",
            "Home visit with client's partner present for the first half hour.",
            "Client's mother let me in; client joined us in the kitchen.",
            "Visit to the new tenancy; boxes still half unpacked.",
            "Home visit moved to the garden at client's request.",
        ],
        NoteKind::GROUP => &[
            "Weekly group, six members present; client arrived early to help set up.",
            "Client attended the peer group and sat near the door.",
            "Group session on managing money; client asked two questions.",
            "Client came to the group for the first time in a month.",
            "Small group today, four members; client spoke first in the round.",
            "Group walk in the park instead of the usual room.",
            "Client brought a friend to the open group session.",
        ],
        NoteKind::CRISIS => &[
            "Client arrived unannounced and distressed, asking for help now.",
            "Emergency appointment after client's text about not coping.",
            "Seen the same day after the hospital called about a night in A&E.",
            "Client came in shaking after an argument at home.",
            "Urgent meeting arranged with client after police welfare check.",
            "Client in tears at reception; seen straight away in the quiet room.",
            "Same-day session after client said they felt unsafe.",
        ],
        NoteKind::COLLATERAL => &[
            "Spoke with the housing officer about the client's application.",
            "Call with the GP practice nurse, with client's consent.",
            "Met the school's family liaison worker about attendance.",
            "Phone conversation with the probation officer, client aware.",
            "Email exchange with the debt adviser, summarised here.",
            "Spoke with client's sister, at client's request.",
            "Joint call with the community nurse about medication.",
        ],
        NoteKind::CONSULTATION | NoteKind::SUPERVISION => &[
            "Brought this case to supervision.",
            "Consulted a colleague on the team about next steps.",
            "Case discussed at the weekly team meeting.",
            "Asked the senior practitioner for a second view.",
            "Reflective supervision focused on this case.",
            "Consulted the safeguarding lead by phone.",
            "Peer consultation on engagement with this client.",
        ],
        _ => &[
            "Client arrived on time and was talkative.",
            "Client seemed tired and spoke quietly at first.",
            "Client reported a calmer week than the last.",
            "Client brought the letters we discussed last time.",
            "Session held in the community centre's quiet room.",
            "Client came straight from a job interview and was upbeat.",
            "Client was ten minutes late and apologised; we used the time left.",
        ],
    }
}

/// What was seen or heard, as this contact allows.
pub fn observations(c: Contact) -> &'static [&'static str; 7] {
    match c {
        Contact::InPerson => &[
            "Mood described as 'up and down'; affect brightened when talking about the garden.",
            "Eye contact improved over the session.",
            "Client named two things that went well this week.",
            "Spoke about tension with a neighbour and how it affects sleep.",
            "Reported keeping the daily diary on four of seven days.",
            "Expressed worry about the upcoming benefits review.",
            "Said the breathing exercise helped on the bus.",
        ],
        Contact::Phone => &[
            "Voice steadier than on last week's call.",
            "Client named two things that went well this week.",
            "Long pauses at first; talked more freely after a few minutes.",
            "Reported keeping the daily diary on four of seven days.",
            "Expressed worry about the upcoming benefits review.",
            "Said the breathing exercise helped on the bus.",
            "Could hear children in the background; client said it was a good time.",
        ],
        Contact::About => &[
            "They see the client as more settled than in the spring.",
            "Attendance has improved, they said, though mornings are still hard.",
            "They were not aware of the change of address; now updated.",
            "Concern raised about rent arrears building again.",
            "They confirmed the referral was received and is on the waiting list.",
            "Agreed the client's own view of progress should lead the review.",
            "No new risks known to them since the last contact.",
        ],
    }
}

/// What the worker did, as this contact allows.
pub fn interventions(c: Contact) -> &'static [&'static str; 7] {
    match c {
        Contact::InPerson => &[
            "Used reflective listening to slow the pace and check understanding.",
            "Explored ambivalence about change with open questions.",
            "Worked through one problem step by step: define, options, choose, try.",
            "Reviewed the safety plan together and updated the contacts.",
            "Advocated with the housing office by phone during the session.",
            "Role-played asking the landlord for a repair.",
            "Linked client with the food bank and confirmed opening hours.",
        ],
        Contact::Phone => &[
            "Used reflective listening to slow the pace and check understanding.",
            "Explored ambivalence about change with open questions.",
            "Talked through one problem step by step: define, options, choose, try.",
            "Read the safety plan's contacts back to client and checked they were current.",
            "Agreed what client would say when calling the housing office.",
            "Rehearsed on the phone how to ask the landlord for a repair.",
            "Gave the food bank's opening hours and address.",
        ],
        Contact::About => &[
            "Shared only what the client agreed to share.",
            "Asked them to copy the client into any letters.",
            "Agreed who will lead on the housing application.",
            "Talked through options for the next review meeting.",
            "Explained the client's goals in the client's own words.",
            "Noted the advice and will discuss it with the client first.",
            "Set a date to speak again after the client's appointment.",
        ],
    }
}

/// What each GAS level of a demo goal looks like, −2 first, as a client
/// might put it, by the goal's own words (fictional, written for
/// casework); `None` for a goal without one. Each level is a stretch of
/// the way from the goal's baseline to its target (see
/// `demo_measures::level_at`), said in the goal's own measure.
pub fn gas_levels(goal_words: &str) -> Option<[&'static str; 5]> {
    let levels = match goal_words {
        "I want a place of my own where my kids can stay over" => [
            "one housing application in, or none; still on the sofa",
            "two applications in",
            "three applications in and a place viewed",
            "four applications in and a viewing booked",
            "all five in and an offer made",
        ],
        "I don't want to miss appointments any more" => [
            "missing five appointments a month or more",
            "missing four a month",
            "missing three a month",
            "missing two a month",
            "missing one a month at most",
        ],
        "I'd like to feel less on edge every day" => [
            "on edge all day, every day",
            "on edge most days, a few calm hours",
            "some calm days each week",
            "more calm days than bad ones",
            "mostly calm, and I know what to do on a bad day",
        ],
        "Get back to work, even part time" => [
            "not working yet",
            "a couple of hours a week",
            "about half the hours I want",
            "most of the hours I want",
            "ten hours a week or more",
        ],
        "Sleep through the night" => [
            "sleeping through one night a week, or none",
            "sleeping through two nights a week",
            "sleeping through three nights a week",
            "sleeping through four nights a week",
            "sleeping through five nights a week or more",
        ],
        "Stop drinking on weekdays" => [
            "drinking four or five weekdays",
            "drinking three weekdays",
            "drinking two weekdays",
            "drinking one weekday",
            "every weekday dry",
        ],
        "See my friends again" => [
            "not seeing anyone, not answering messages",
            "seeing someone once a week",
            "seeing friends twice a week",
            "twice a week and back at the group",
            "seeing friends three times a week or more",
        ],
        "Sort out my debts so the letters stop" => [
            "no plans yet, letters unopened",
            "a repayment plan with one creditor",
            "plans with two creditors",
            "plans with three creditors",
            "a plan with every creditor, no new letters",
        ],
        _ => return None,
    };
    Some(levels)
}
