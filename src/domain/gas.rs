//! Goal Attainment Scaling: each goal scored from −2 (much less than
//! expected) to +2 (much more than expected), with a weight; a review's
//! goals come to one T-score (Kiresuk & Sherman 1968, as corrected in
//! Turner-Stokes 2009):
//!
//! T = 50 + 10·Σwᵢxᵢ / √((1−ρ)·Σwᵢ² + ρ·(Σwᵢ)²), with ρ = 0.3,
//!
//! ρ being the assumed correlation between goals. 50 means every goal was
//! met as expected. Scales and reviews as kept are in
//! [`super::gas_record`].

/// The assumed correlation between goal scores.
pub const RHO: f64 = 0.3;

/// The five levels, lowest first, in the words a scale's rows carry.
pub const LEVELS: [(i8, &str); 5] = [
    (-2, "much less than expected"),
    (-1, "somewhat less than expected"),
    (0, "as expected"),
    (1, "somewhat more than expected"),
    (2, "much more than expected"),
];

/// One goal at a review: the level reached and the goal's weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub level: i8,
    pub weight: f64,
}

/// The review's T-score; `None` with no goals or no weight, and an error
/// in words for a level outside −2..+2 or a negative weight.
pub fn t_score(goals: &[Scored]) -> Result<Option<f64>, String> {
    for g in goals {
        if !(-2..=2).contains(&g.level) {
            return Err(format!("level {} is outside -2 to +2", g.level));
        }
        if !(g.weight.is_finite() && g.weight >= 0.0) {
            return Err(format!("weight {} must be 0 or more", g.weight));
        }
    }
    let sum_wx: f64 = goals.iter().map(|g| g.weight * f64::from(g.level)).sum();
    let sum_w: f64 = goals.iter().map(|g| g.weight).sum();
    let sum_w2: f64 = goals.iter().map(|g| g.weight * g.weight).sum();
    let denominator = ((1.0 - RHO) * sum_w2 + RHO * sum_w * sum_w).sqrt();
    if denominator == 0.0 {
        return Ok(None);
    }
    Ok(Some(50.0 + 10.0 * sum_wx / denominator))
}

/// A level as written on a scale: −2, −1, 0, +1, +2, two columns wide so
/// the levels line up (0 has no sign).
pub fn level_text(level: i8) -> String {
    if level == 0 {
        " 0".into()
    } else {
        format!("{level:+}")
    }
}

/// T-scores across reviews (oldest left) as a small text chart: a row
/// every 10 from 70 down to 20, a bar filled up to each score, and the row
/// of 50 (every goal as expected) dotted. Only the newest that fit `width`.
pub fn t_score_chart(scores: &[f64], width: usize) -> Vec<String> {
    let fit = width.saturating_sub(5) / 2;
    let shown = &scores[scores.len().saturating_sub(fit)..];
    (2..=7)
        .rev()
        .map(|row| {
            let low = f64::from(row * 10);
            let mut line = format!("{:>3}|", row * 10);
            for &t in shown {
                let filled = t.round() >= low;
                line.push(match (filled, row == 5) {
                    (true, _) => '#',
                    (false, true) => '.',
                    (false, false) => ' ',
                });
                line.push(if row == 5 && !filled { '.' } else { ' ' });
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unweighted(levels: &[i8]) -> Option<f64> {
        let goals: Vec<Scored> = levels
            .iter()
            .map(|&level| Scored { level, weight: 1.0 })
            .collect();
        t_score(&goals).expect("valid")
    }

    fn two_places(t: Option<f64>) -> String {
        format!("{:.2}", t.expect("a score"))
    }

    #[test]
    fn published_unweighted_values() {
        assert_eq!(two_places(unweighted(&[2, 2, 2])), "77.39");
        assert_eq!(two_places(unweighted(&[0, -1, 1])), "50.00");
        assert_eq!(two_places(unweighted(&[0, 0, 0])), "50.00");
        assert_eq!(two_places(unweighted(&[-2, -2, -2])), "22.61");
        // One goal: 10 points a level.
        assert_eq!(two_places(unweighted(&[1])), "60.00");
    }

    #[test]
    fn weights_count_in_both_sums() {
        let goals = [
            Scored {
                level: 1,
                weight: 1.0,
            },
            Scored {
                level: 0,
                weight: 2.0,
            },
            Scored {
                level: -1,
                weight: 3.0,
            },
        ];
        // Σwx = −2, Σw² = 14, Σw = 6: 50 − 20/√(9.8 + 10.8) = 45.59.
        assert_eq!(two_places(t_score(&goals).expect("valid")), "45.59");
        // Equal weights of any size give the unweighted score.
        let doubled: Vec<Scored> = [2, 2, 2]
            .iter()
            .map(|&level| Scored { level, weight: 2.0 })
            .collect();
        assert_eq!(two_places(t_score(&doubled).expect("valid")), "77.39");
    }

    #[test]
    fn nothing_to_score_or_out_of_range_is_said() {
        assert_eq!(t_score(&[]), Ok(None));
        assert_eq!(
            t_score(&[Scored {
                level: 1,
                weight: 0.0
            }]),
            Ok(None)
        );
        assert!(
            t_score(&[Scored {
                level: 3,
                weight: 1.0
            }])
            .is_err()
        );
        assert!(
            t_score(&[Scored {
                level: 0,
                weight: -1.0
            }])
            .is_err()
        );
    }

    #[test]
    fn levels_are_written_as_on_a_scale() {
        let shown: Vec<String> = [-2, -1, 0, 1, 2].into_iter().map(level_text).collect();
        assert_eq!(shown, ["-2", "-1", " 0", "+1", "+2"]);
    }

    #[test]
    fn the_t_score_chart_fills_to_each_score_with_50_dotted() {
        let chart = t_score_chart(&[40.0, 56.2, 77.39], 40);
        assert_eq!(
            chart,
            [
                " 70|    #",
                " 60|    #",
                " 50|..# #",
                " 40|# # #",
                " 30|# # #",
                " 20|# # #"
            ]
        );
    }
}
