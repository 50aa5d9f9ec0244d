//! Page-numbered listings as one stream of pages, and reading the page count out of an answer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;

use crate::Error;

/// The pages of a listing, fetched one after another as the stream is read: what every
/// `…_pages` method returns. Read it with `StreamExt::next` (no pinning needed); it ends after the
/// last page, or after an error, which is its last item.
///
/// ```
/// use futures_util::StreamExt;
///
/// async fn count<T, E>(mut pages: client_runtime::Pages<'_, Vec<T>, E>) -> Result<usize, client_runtime::Error<E>> {
///     let mut items = 0;
///     while let Some(page) = pages.next().await {
///         items += page?.len();
///     }
///     Ok(items)
/// }
/// ```
#[must_use = "a stream of pages fetches nothing until it is read"]
pub struct Pages<'a, T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>,
}

impl<T, E> Stream for Pages<'_, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for Pages<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// Every page from `first` on, fetched one after another as the stream is read.
///
/// `fetch(n)` gets page `n`; `total_pages` reads the page count from a page. The stream ends after
/// the page the count says is the last, after an error (yielded as the last item), or after the
/// first page when no page tells the count; a page without a count is judged by the count an
/// earlier page told.
pub fn pages<'a, T, E, F, Fut>(
    first: u64,
    fetch: F,
    total_pages: fn(&T) -> Option<u64>,
) -> Pages<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(u64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<T, Error<E>>> + Send + 'a,
{
    let start = Some(Next {
        page: first,
        total: None,
        fetch,
    });
    let stream = futures_util::stream::unfold(start, move |next| async move {
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
    });
    Pages {
        inner: Box::pin(stream),
    }
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
