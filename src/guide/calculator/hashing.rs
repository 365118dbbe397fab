//! Content hashes: SHA-256 in lower-case hex, for cache keys and asset names.

use sha2::{Digest, Sha256};

/// Number of hex digits of the content hash put into an asset's file name (64 bits).
pub(super) const NAME_HASH_LEN: usize = 16;

/// The SHA-256 of `bytes`, as 64 lower-case hex digits.
pub(super) fn sha256_hex(bytes: &[u8]) -> String {
    hex_of(&Sha256::digest(bytes))
}

/// The first [`NAME_HASH_LEN`] hex digits of the SHA-256 of `bytes`, for file names.
pub(super) fn name_hash(bytes: &[u8]) -> String {
    let mut hash = sha256_hex(bytes);
    hash.truncate(NAME_HASH_LEN);
    hash
}

/// `bytes` as lower-case hex.
pub(super) fn hex_of(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_standard_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn name_hash_is_a_prefix_that_changes_with_the_content() {
        let first = name_hash(b"calculator v1");
        assert_eq!(first.len(), NAME_HASH_LEN);
        assert!(sha256_hex(b"calculator v1").starts_with(&first));
        assert_ne!(first, name_hash(b"calculator v2"));
    }
}
