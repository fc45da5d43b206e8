//! Layout: pages, columns, boxes and furniture.

pub mod output;
pub use output::*;
