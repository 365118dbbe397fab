//! Crossing the boundary: Rust values to JavaScript values and back, through the rules core's
//! serde derives. Answers are written as JSON text by serde_json's serializer and parsed by the
//! host's `JSON.parse` (smaller in the module than building objects field by field); inputs are
//! read from JavaScript values by serde-wasm-bindgen (the `json-codec` feature reads them as JSON
//! text through serde_json instead, for the size spike only).

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast as _;
use wasm_bindgen::JsValue;

/// A Rust value as a plain JavaScript value (objects, not `Map`s): its JSON text, parsed by the
/// host. A value serde_json cannot write (none of the core's answers: their map keys are strings)
/// comes back as a fixed text; serde_json's own error text would bring its whole table of parser
/// messages into the module.
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::from_str("the answer could not be written as JSON"),
    }
}

/// A JavaScript value read as a Rust value; the error says what did not fit.
#[cfg(not(feature = "json-codec"))]
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A JavaScript value read as a Rust value, through JSON text.
#[cfg(feature = "json-codec")]
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let text: String = js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "the value cannot be written as JSON".to_owned())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// JSON text read as a Rust value (the host's `JSON.parse`, then [`from_js`]).
pub fn from_json_text<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "it is not JSON".to_owned())
    })?;
    from_js(value)
}

/// A Rust value as pretty JSON text (the host's `JSON.stringify` with two-space indents).
pub fn to_json_text<T: Serialize>(value: &T) -> String {
    js_sys::JSON::stringify_with_replacer_and_space(
        &to_js(value),
        &JsValue::NULL,
        &JsValue::from(2),
    )
    .map(String::from)
    .unwrap_or_default()
}
