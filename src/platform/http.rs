//! GET requests with errors mapped to what the reader should be told.

use crate::error::AppError;
use gloo_net::http::Request;

pub async fn get_text(url: &str) -> Result<String, AppError> {
    let response = Request::get(url).send().await.map_err(|e| {
        if super::is_online() {
            AppError::Network(e.to_string())
        } else {
            AppError::Offline
        }
    })?;
    if !response.ok() {
        return Err(AppError::Http {
            status: response.status(),
            url: url.to_string(),
        });
    }
    response
        .text()
        .await
        .map_err(|e| AppError::Network(e.to_string()))
}
