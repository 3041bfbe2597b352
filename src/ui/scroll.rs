use crate::app::Cursor;

/// First visible row for a list of `height` rows showing `cursor`: moves the
/// remembered window only as far as needed, so the view does not jump.
pub fn window(cursor: &Cursor, height: usize) -> usize {
    let height = height.max(1);
    let mut offset = cursor.offset.get();
    if cursor.index < offset {
        offset = cursor.index;
    } else if cursor.index >= offset + height {
        offset = cursor.index + 1 - height;
    }
    cursor.offset.set(offset);
    offset
}
