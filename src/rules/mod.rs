//! The shared rules core: pure money computations over `rust_decimal`, no I/O.
