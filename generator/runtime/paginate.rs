//! Pagination: a stream of items over pages, fetched one page at a time as the stream is read.

use super::error::Error;
use super::transport::Transport;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Where the next page is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// The page the caller's parameters ask for.
    First,
    /// An absolute URL the previous page named.
    Url(String),
    /// An `offset` to ask for.
    Offset(u64),
}

/// One fetched page: its items and where the next one is, if anywhere.
pub type Fetched<T> = (Vec<T>, Option<Cursor>);

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Fetched<T>, Error>> + Send>>;
type Fetch<T> = Box<dyn FnMut(Cursor) -> PageFuture<T> + Send>;

/// The items of a paginated list, across pages. Implements `futures_core::Stream`; without a stream library,
/// use [`Paginated::try_next`], [`Paginated::next_page`] or [`Paginated::collect_all`].
///
/// Pages are fetched lazily, one request at a time; the stream ends after the last page, after `limit` items,
/// or after the first error. The stream owns what it needs (a clone of the client and of the parameters), so
/// it can be kept, moved and spawned freely.
pub struct Paginated<T> {
    fetch: Fetch<T>,
    next: Option<Cursor>,
    in_flight: Option<PageFuture<T>>,
    buffer: VecDeque<T>,
    remaining: Option<usize>,
}

impl<T> Paginated<T> {
    /// A stream that calls `fetch` for each page, starting at [`Cursor::First`].
    pub(crate) fn new(limit: Option<usize>, fetch: impl FnMut(Cursor) -> PageFuture<T> + Send + 'static) -> Self {
        Paginated {
            fetch: Box::new(fetch),
            next: Some(Cursor::First),
            in_flight: None,
            buffer: VecDeque::new(),
            remaining: limit,
        }
    }

    /// The next item, or `None` at the end.
    pub async fn try_next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// The items of the next page (cut at the limit), or `None` when there are no more pages.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error>> {
        if self.buffer.is_empty() {
            match std::future::poll_fn(|cx| self.poll_page(cx)).await? {
                Ok(()) => {}
                Err(e) => return Some(Err(e)),
            }
        }
        let items: Vec<T> = self.buffer.drain(..).collect();
        Some(Ok(items))
    }

    /// Every remaining item, up to the limit.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.try_next().await {
            items.push(item?);
        }
        Ok(items)
    }

    /// Fetches pages until one has items or there are no more. `Ready(None)` at the end.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(), Error>>> {
        loop {
            if self.remaining == Some(0) {
                self.buffer.clear();
                return Poll::Ready(None);
            }
            if self.in_flight.is_none() {
                let Some(cursor) = self.next.take() else { return Poll::Ready(None) };
                self.in_flight = Some((self.fetch)(cursor));
            }
            let Some(future) = self.in_flight.as_mut() else { return Poll::Ready(None) };
            let (items, next) = match future.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => {
                    self.in_flight = None;
                    self.next = None;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Ok(page)) => page,
            };
            self.in_flight = None;
            self.next = if items.is_empty() { None } else { next };
            let take = self.remaining.map_or(items.len(), |r| r.min(items.len()));
            if let Some(remaining) = &mut self.remaining {
                *remaining -= take;
            }
            self.buffer.extend(items.into_iter().take(take));
            if !self.buffer.is_empty() {
                return Poll::Ready(Some(Ok(())));
            }
            if self.next.is_none() {
                return Poll::Ready(None);
            }
        }
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        if let Some(item) = self.buffer.pop_front() {
            return Poll::Ready(Some(Ok(item)));
        }
        match self.poll_page(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Some(Ok(()))) => Poll::Ready(self.buffer.pop_front().map(Ok)),
        }
    }
}

impl<T> Unpin for Paginated<T> {}

impl<T> futures_core::Stream for Paginated<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> std::fmt::Debug for Paginated<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated").field("next", &self.next).field("buffered", &self.buffer.len()).finish()
    }
}

/// A list that names its next page by an absolute URL: `first` fetches the first page, `split` takes a page
/// apart into its items and the URL of the next page. Next pages are fetched only on the origin of the server's
/// base URL (see [`Transport::next_page_request`]).
#[allow(clippy::too_many_arguments)]
pub fn next_url<T, P, Fut, S>(
    limit: Option<usize>,
    transport: Arc<Transport>,
    server: usize,
    operation: &'static str,
    accept: &'static str,
    security: &'static [&'static [&'static str]],
    error: fn(&[u8]) -> crate::ApiErrorBody,
    first: Fut,
    split: S,
) -> Paginated<T>
where
    T: Send + 'static,
    P: serde::de::DeserializeOwned + Send + 'static,
    Fut: Future<Output = Result<P, Error>> + Send + 'static,
    S: Fn(P) -> (Vec<T>, Option<String>) + Copy + Send + 'static,
{
    let mut first = Some(first);
    Paginated::new(limit, move |cursor| {
        let transport = Arc::clone(&transport);
        let first = first.take();
        Box::pin(async move {
            let page = match (cursor, first) {
                (Cursor::Url(url), _) => {
                    let request =
                        transport.next_page_request(server, operation, accept, url, security, Default::default())?;
                    transport.send(request).await?.json::<P>(error)?
                }
                (_, Some(first)) => first.await?,
                (_, None) => return Ok((Vec::new(), None)),
            };
            let (items, next) = split(page);
            Ok((items, next.map(Cursor::Url)))
        })
    })
}

/// A list paged by `limit` and `offset`: `fetch(None)` fetches the page the caller's parameters ask for (which
/// starts at `start`), `fetch(Some(offset))` a later one; each answers with its items and the total the API
/// reported, if any. `asked` is the page size in effect, so that a short page ends the list.
pub fn offset<T, F, Fut>(limit: Option<usize>, start: u64, asked: Option<i64>, mut fetch: F) -> Paginated<T>
where
    T: Send + 'static,
    F: FnMut(Option<u64>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(Vec<T>, Option<i64>), Error>> + Send + 'static,
{
    Paginated::new(limit, move |cursor| {
        let (offset, page) = match cursor {
            Cursor::Offset(offset) => (offset, fetch(Some(offset))),
            _ => (start, fetch(None)),
        };
        Box::pin(async move {
            let (items, total) = page.await?;
            let next = next_offset(offset, items.len(), asked, total);
            Ok((items, next))
        })
    })
}

/// The next offset of an offset-paginated list, or `None` when the page shows it was the last: empty, shorter
/// than the limit asked for, or reaching the total the API reported.
pub fn next_offset(offset: u64, count: usize, limit: Option<i64>, total: Option<i64>) -> Option<Cursor> {
    let next = offset + count as u64;
    let short = limit.is_some_and(|limit| (count as i64) < limit);
    let reached = total.is_some_and(|total| next >= total.max(0) as u64);
    (count > 0 && !short && !reached).then_some(Cursor::Offset(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(limit: Option<usize>, sizes: &'static [usize]) -> Paginated<usize> {
        Paginated::new(limit, move |cursor| {
            Box::pin(async move {
                let index = match cursor {
                    Cursor::First => 0,
                    Cursor::Offset(n) => n as usize,
                    Cursor::Url(_) => unreachable!("these pages use offsets"),
                };
                let items: Vec<usize> = (0..sizes[index]).map(|i| index * 100 + i).collect();
                let next = (index + 1 < sizes.len()).then_some(Cursor::Offset(index as u64 + 1));
                Ok((items, next))
            })
        })
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(future)
    }

    #[test]
    fn items_flow_across_pages_and_stop_at_the_limit() {
        assert_eq!(block_on(pages(None, &[2, 1, 2]).collect_all()).unwrap(), vec![0, 1, 100, 200, 201]);
        assert_eq!(block_on(pages(Some(3), &[2, 1, 2]).collect_all()).unwrap(), vec![0, 1, 100]);
        assert_eq!(block_on(pages(Some(0), &[2]).collect_all()).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn an_empty_page_ends_the_list() {
        assert_eq!(block_on(pages(None, &[2, 0, 2]).collect_all()).unwrap(), vec![0, 1]);
    }

    #[test]
    fn next_page_gives_whole_pages() {
        block_on(async {
            let mut p = pages(None, &[2, 1]);
            assert_eq!(p.next_page().await.unwrap().unwrap(), vec![0, 1]);
            assert_eq!(p.next_page().await.unwrap().unwrap(), vec![100]);
            assert!(p.next_page().await.is_none());
        });
    }

    #[test]
    fn offsets_stop_on_short_empty_or_total() {
        assert_eq!(next_offset(0, 20, Some(20), None), Some(Cursor::Offset(20)));
        assert_eq!(next_offset(20, 5, Some(20), None), None);
        assert_eq!(next_offset(20, 0, None, None), None);
        assert_eq!(next_offset(0, 20, Some(20), Some(20)), None);
        assert_eq!(next_offset(0, 20, None, Some(45)), Some(Cursor::Offset(20)));
    }
}
