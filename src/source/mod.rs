//! Source: reads the TOML files.
