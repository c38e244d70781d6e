//! With the `split` feature, the linker keeps relocations in the wasm, which
//! wasm-split (scripts/wasm-bindgen) needs to cut it into lazily loaded chunks.
fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if split && wasm {
        println!("cargo:rustc-link-arg=--emit-relocs");
    }
}
