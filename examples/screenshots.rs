//! Writes the pictures in screenshots/ from a generated demo caseload, so
//! they can be made again after any change: `cargo run --example screenshots`.
//! Each screen is saved as SVG (with the default theme's colours) and as text.

use casework::app::{Action, App, Msg};
use casework::config::Config;
use casework::demo::{demo_options, generate_demo, showcase};
use casework::domain::{ChecklistTemplate, Date};
use casework::store::Store;
use casework::ui::theme::SHIPPED;
use casework::ui::{Theme, render_to_buffer, render_to_text};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

/// xterm's default palette for the 16 named colours.
fn hex(c: Color, default: &str) -> String {
    let named = match c {
        Color::Reset => return default.to_string(),
        Color::Black => "#000000",
        Color::Red => "#cd0000",
        Color::Green => "#00cd00",
        Color::Yellow => "#cdcd00",
        Color::Blue => "#0000ee",
        Color::Magenta => "#cd00cd",
        Color::Cyan => "#00cdcd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#7f7f7f",
        Color::LightRed => "#ff5555",
        Color::LightGreen => "#55ff55",
        Color::LightYellow => "#ffff55",
        Color::LightBlue => "#5c5cff",
        Color::LightMagenta => "#ff55ff",
        Color::LightCyan => "#55ffff",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) if i >= 16 => return indexed(i),
        Color::Indexed(_) => default,
    };
    named.to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A terminal's own colours: the default foreground and background.
#[derive(Clone, Copy)]
struct Paper {
    fg: &'static str,
    bg: &'static str,
}

const DARK: Paper = Paper {
    fg: "#d0d0d0",
    bg: "#1e1e1e",
};
/// xterm's own default: black on white.
const LIGHT: Paper = Paper {
    fg: "#000000",
    bg: "#ffffff",
};

/// The xterm 256-colour palette: 16 named, a 6x6x6 cube, 24 grays.
fn indexed(i: u8) -> String {
    match i {
        0..=15 => String::new(),
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(n / 36),
                level((n / 6) % 6),
                level(n % 6)
            )
        }
        232..=255 => {
            let g = 8 + 10 * (i - 232);
            format!("#{g:02x}{g:02x}{g:02x}")
        }
    }
}

fn svg(buf: &Buffer, paper: Paper) -> String {
    let (cw, ch) = (8.4, 17.0);
    let area = buf.area;
    let (w, h) = (f64::from(area.width) * cw, f64::from(area.height) * ch);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"14\">\n<rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        paper.bg
    );
    for y in 0..area.height {
        for x in 0..area.width {
            let cell = &buf[(x, y)];
            let mut fg = hex(cell.fg, paper.fg);
            let mut bg = hex(cell.bg, paper.bg);
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let (px, py) = (f64::from(x) * cw, f64::from(y) * ch);
            if bg != paper.bg {
                let _ = writeln!(
                    out,
                    "<rect x=\"{px}\" y=\"{py}\" width=\"{cw}\" height=\"{ch}\" fill=\"{bg}\"/>"
                );
            }
            let sym = cell.symbol();
            if !sym.trim().is_empty() {
                let mut weight = if cell.modifier.contains(Modifier::BOLD) {
                    " font-weight=\"bold\""
                } else {
                    ""
                }
                .to_string();
                if cell.modifier.contains(Modifier::DIM) {
                    weight.push_str(" fill-opacity=\"0.6\"");
                }
                if cell.modifier.contains(Modifier::UNDERLINED) {
                    weight.push_str(" text-decoration=\"underline\"");
                }
                let _ = writeln!(
                    out,
                    "<text x=\"{px}\" y=\"{}\" fill=\"{fg}\"{weight}>{}</text>",
                    py + ch * 0.78,
                    escape(sym)
                );
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile_dir()?;
    let path = dir.join("screenshots.db");
    let today = Date::from_ymd_opt(2026, 11, 23).ok_or("date")?;
    let (mut store, _) = Store::open(&path)?;
    // Exactly the caseload `--demo` opens.
    generate_demo(&mut store, &demo_options(today))?;
    showcase(&mut store, today)?;
    let mut app = App::new(
        store,
        ChecklistTemplate::builtin(),
        Config::default(),
        today,
    )?;
    let theme = Theme::builtin(true);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("screenshots");
    std::fs::create_dir_all(&out)?;

    let shoot = |app: &App, name: &str, w: u16, h: u16| -> Result<(), Box<dyn std::error::Error>> {
        std::fs::write(
            out.join(format!("{name}.svg")),
            svg(&render_to_buffer(app, &theme, w, h), DARK),
        )?;
        std::fs::write(
            out.join(format!("{name}.txt")),
            render_to_text(app, &theme, w, h),
        )?;
        println!("screenshots/{name}.svg");
        Ok(())
    };
    // Each shipped theme on the background it is for; the default on both.
    for (name, _) in SHIPPED {
        let t = Theme::shipped(name, true).ok_or("theme")??;
        let papers: &[(&str, Paper)] = match *name {
            "default" | "high-contrast" => &[("dark", DARK), ("light", LIGHT)],
            "light" => &[("light", LIGHT)],
            _ => &[("dark", DARK)],
        };
        for (bg, paper) in papers {
            let file = format!("theme-{name}-on-{bg}-80x24.svg");
            std::fs::write(
                out.join(&file),
                svg(&render_to_buffer(&app, &t, 80, 24), *paper),
            )?;
            println!("screenshots/{file}");
        }
    }
    shoot(&app, "main-120x40", 120, 40)?;
    shoot(&app, "main-80x24", 80, 24)?;
    let _ = app.update(Action::ToggleHelp);
    shoot(&app, "help-120x40", 120, 40)?;
    let _ = app.update(Action::Back);
    let _ = app.update(Action::AddClient);
    shoot(&app, "new-client-80x24", 80, 24)?;
    let _ = app.update(Action::Back);
    let _ = app.update(Action::Today);
    shoot(&app, "today-120x40", 120, 40)?;
    let _ = app.update(Action::Back);
    measures_and_gas(&mut app, &shoot)?;
    for _ in 0..3 {
        let _ = app.update(Action::FocusNext);
    }
    let _ = app.update(Action::ReadNote);
    shoot(&app, "note-reader-80x24", 80, 24)?;
    let _ = app.update(Action::Back);
    let _ = app.update(Action::Zoom);
    shoot(&app, "zoomed-notes-80x24", 80, 24)?;
    let _ = app.update(Action::Zoom);
    let _ = app.update(Action::NewNote);
    let _ = app.update(Msg::Paste(
        "Met at the community centre. Client said the week felt calmer.".into(),
    ));
    shoot(&app, "note-editor-120x40", 120, 40)?;
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

/// The Measures view (chart and GAS reviews) and a GAS review being
/// recorded, on the demo's client with GAS; the caseload cursor is put
/// back where it was.
type Shot<'a> = &'a dyn Fn(&App, &str, u16, u16) -> Result<(), Box<dyn std::error::Error>>;

fn measures_and_gas(app: &mut App, shoot: Shot<'_>) -> Result<(), Box<dyn std::error::Error>> {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let store = app.store();
    let mut with_gas = None;
    for c in store.caseload()? {
        if !store.gas_reviews_of(c.id)?.is_empty() {
            with_gas = Some(c.id);
        }
    }
    let with_gas = with_gas.ok_or("no demo client with GAS reviews")?;
    let mut moved = 0;
    while app.selected_client().map(|c| c.id) != Some(with_gas) {
        let _ = app.update(Action::MoveDown);
        moved += 1;
        if moved > 1000 {
            return Err("the client with GAS is not in the caseload list".into());
        }
    }
    let _ = app.update(Action::Measures);
    shoot(app, "measures-120x40", 120, 40)?;
    shoot(app, "measures-80x24", 80, 24)?;
    let _ = app.update(Action::GasReview);
    shoot(app, "gas-review-80x24", 80, 24)?;
    for c in ['2', '4', '5'] {
        let _ = app.update(Msg::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    shoot(app, "gas-review-summary-80x24", 80, 24)?;
    // Drop the review (never saved), close the measures, go back up.
    let _ = app.update(Action::Back);
    let _ = app.update(Action::Yes);
    let _ = app.update(Action::Back);
    for _ in 0..moved {
        let _ = app.update(Action::MoveUp);
    }
    Ok(())
}

fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("casework-screenshots-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
