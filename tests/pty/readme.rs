//! The README's key table is generated from the keymap, so it cannot drift.
//! Run with UPDATE_README=1 to rewrite the table after changing a key.

const START: &str = "<!-- keys:start -->\n";
const END: &str = "<!-- keys:end -->";

#[test]
fn readme_key_table_matches_the_keymap() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let (Some(a), Some(b)) = (readme.find(START), readme.find(END)) else {
        panic!("README.md lacks the {START:?} … {END:?} markers");
    };
    let expected = casework::keymap::markdown_table();
    let current = &readme[a + START.len()..b];
    if current != expected {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{expected}{}", &readme[..a + START.len()], &readme[b..]);
            std::fs::write(path, updated).expect("write README.md");
        } else {
            panic!(
                "README key table is out of date; run UPDATE_README=1 cargo test --test pty readme\n\nExpected:\n{expected}"
            );
        }
    }
}
