//! Page-numbered listings as one stream of pages, and reading the page count out of an answer.

use std::future::Future;

use futures_util::Stream;

use crate::Error;

/// Every page from `first` on, fetched one after another as the stream is read.
///
/// `fetch(n)` gets page `n`; `total_pages` reads the page count from a page. The stream ends after
/// the page the count says is the last, after an error (yielded as the last item), or after the
/// first page when no page tells the count; a page without a count is judged by the count an
/// earlier page told. The stream is not `Unpin`: pin it (`std::pin::pin!`) to read it with
/// `StreamExt::next`.
pub fn pages<T, E, F, Fut>(
    first: u64,
    fetch: F,
    total_pages: fn(&T) -> Option<u64>,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<T, Error<E>>>,
{
    let start = Some(Next {
        page: first,
        total: None,
        fetch,
    });
    futures_util::stream::unfold(start, move |next| async move {
        let Next {
            page,
            total,
            mut fetch,
        } = next?;
        let answer = fetch(page).await;
        let after = match &answer {
            Ok(body) => {
                let total = total_pages(body).or(total);
                let more = total.is_some_and(|total| page < total);
                let page = page.checked_add(1).filter(|_| more);
                page.map(|page| Next { page, total, fetch })
            }
            Err(_) => None,
        };
        Some((answer, after))
    })
}

/// What the page stream fetches next.
struct Next<F> {
    page: u64,
    /// The page count the latest page that told it said.
    total: Option<u64>,
    fetch: F,
}

/// The unsigned integer at JSON `pointer` (e.g. `/meta/total_pages`) in `value` serialized as
/// JSON; a string of digits counts too, as some APIs send numbers as text.
pub fn pointer_u64<T: ::serde::Serialize>(value: &T, pointer: &str) -> Option<u64> {
    let value = ::serde_json::to_value(value).ok()?;
    match value.pointer(pointer)? {
        ::serde_json::Value::Number(number) => number.as_u64(),
        ::serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}
