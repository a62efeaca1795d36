//! Pagination: streams of pages and of their items, fetched one page at a time as they are read.

use super::error::Error;
use super::request::{List, Request};
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

type PageFuture<P, E> = Pin<Box<dyn Future<Output = Result<(P, Option<Cursor>), Error<E>>> + Send>>;
type Fetch<P, E> = Box<dyn FnMut(Cursor) -> PageFuture<P, E> + Send>;

/// The pages of a list, each as the API answered it. Implements `futures_core::Stream`; without a stream
/// library, read it with [`Pages::try_next`].
///
/// Pages are fetched lazily, one request at a time; the stream ends after the last page or the first error. It
/// owns what it needs (a clone of the client and of the request), so it can be kept, moved and spawned freely.
pub struct Pages<P, E> {
    fetch: Fetch<P, E>,
    next: Option<Cursor>,
    in_flight: Option<PageFuture<P, E>>,
}

impl<P: Send + 'static, E: Send + 'static> Pages<P, E> {
    /// Pages fetched by `fetch`, starting at [`Cursor::First`].
    pub(crate) fn new(fetch: impl FnMut(Cursor) -> PageFuture<P, E> + Send + 'static) -> Self {
        Pages { fetch: Box::new(fetch), next: Some(Cursor::First), in_flight: None }
    }

    /// The same pages, each turned into something else (its items) as it arrives.
    pub(crate) fn map_each<Q: Send + 'static>(self, f: fn(P) -> Q) -> Pages<Q, E> {
        let mut fetch = self.fetch;
        Pages {
            fetch: Box::new(move |cursor| {
                let page = fetch(cursor);
                Box::pin(async move { page.await.map(|(page, next)| (f(page), next)) })
            }),
            next: self.next,
            in_flight: None,
        }
    }
}

impl<P, E> Pages<P, E> {
    /// The next page, or `None` after the last (the shape of `TryStreamExt::try_next`).
    pub async fn try_next(&mut self) -> Result<Option<P>, Error<E>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await.transpose()
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<P, Error<E>>>> {
        if self.in_flight.is_none() {
            let Some(cursor) = self.next.take() else { return Poll::Ready(None) };
            self.in_flight = Some((self.fetch)(cursor));
        }
        let Some(future) = self.in_flight.as_mut() else { return Poll::Ready(None) };
        let outcome = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        self.in_flight = None;
        Poll::Ready(Some(outcome.map(|(page, next)| {
            self.next = next;
            page
        })))
    }
}

impl<P, E> Unpin for Pages<P, E> {}

impl<P, E> futures_core::Stream for Pages<P, E> {
    type Item = Result<P, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<P, E> std::fmt::Debug for Pages<P, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").field("next", &self.next).finish_non_exhaustive()
    }
}

/// The items of a list, across pages. Implements `futures_core::Stream`; without a stream library, read it
/// with [`Paginated::try_next`] or [`Paginated::collect_all`].
///
/// Pages are fetched lazily, one request at a time, when the items already fetched run out; the stream ends
/// after the last page, after the [`limit`](Paginated::limit), or after the first error.
pub struct Paginated<T, E> {
    pages: Pages<Vec<T>, E>,
    buffer: VecDeque<T>,
    remaining: Option<usize>,
}

impl<T, E> Paginated<T, E> {
    /// The items of `pages`, in order.
    pub(crate) fn new(pages: Pages<Vec<T>, E>) -> Self {
        Paginated { pages, buffer: VecDeque::new(), remaining: None }
    }

    /// Stops after `count` items, fetching no page beyond them. The page size stays what the request asks for.
    pub fn limit(mut self, count: usize) -> Self {
        self.remaining = Some(count);
        self
    }

    /// The next item, or `None` at the end (the shape of `TryStreamExt::try_next`).
    pub async fn try_next(&mut self) -> Result<Option<T>, Error<E>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await.transpose()
    }

    /// Every remaining item, up to the limit.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error<E>> {
        let mut items = Vec::new();
        while let Some(item) = self.try_next().await? {
            items.push(item);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error<E>>>> {
        loop {
            if self.remaining == Some(0) {
                self.buffer.clear();
                return Poll::Ready(None);
            }
            if let Some(item) = self.buffer.pop_front() {
                if let Some(remaining) = &mut self.remaining {
                    *remaining -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(items))) => self.buffer.extend(items),
            }
        }
    }
}

impl<T, E> Unpin for Paginated<T, E> {}

impl<T, E> futures_core::Stream for Paginated<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T, E> std::fmt::Debug for Paginated<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("pages", &self.pages)
            .field("buffered", &self.buffer.len())
            .field("remaining", &self.remaining)
            .finish()
    }
}

/// A list that names its next page by a URL (absolute, or a path relative to the host), which `next` reads
/// from a page. The first page is the
/// answer to `request`; the next ones are fetched only on the origin of the server's base URL (see
/// [`Transport::next_page_request`](super::transport::Transport::next_page_request)), with the request's
/// options.
pub fn next_url<P: List>(request: Request<P>, next: fn(&P::Output) -> Option<&str>) -> Pages<P::Output, P::ErrorBody> {
    let transport = Arc::clone(request.transport());
    let first = request.http();
    let template = first.as_ref().ok().map(|r| (r.server, r.operation, r.accept, r.security, r.options.clone()));
    let mut first = Some(first);
    Pages::new(move |cursor| {
        let http = match (cursor, &template) {
            (Cursor::Url(url), Some((server, operation, accept, security, options))) => transport
                .next_page_request(*server, operation, accept, url, security, options.clone())
                .map_err(Error::widen),
            _ => first.take().unwrap_or_else(|| Err(Error::Pagination { message: "no first page".to_owned() })),
        };
        let transport = Arc::clone(&transport);
        Box::pin(async move {
            let response = transport.send(http?).await.map_err(Error::widen)?;
            let page = P::decode(response)?;
            let next = match P::count(&page) {
                0 => None,
                _ => next(&page).map(|url| Cursor::Url(url.to_owned())),
            };
            Ok((page, next))
        })
    })
}

/// Where an offset-paginated list starts, and the page size in effect (so that a short page ends it).
pub struct OffsetStart {
    pub offset: u64,
    pub page_size: Option<i64>,
}

/// A list paged by `limit` and `offset`: the first page is the one `request` asks for (at `start.offset`),
/// the next ones the same request with the offset `set_offset` writes into its parameters; `total` reads the
/// count the API reports, if any.
pub fn offset<P: List>(
    request: Request<P>,
    start: OffsetStart,
    total: fn(&P::Output) -> Option<i64>,
    set_offset: fn(&mut P, u64),
) -> Pages<P::Output, P::ErrorBody> {
    let transport = Arc::clone(request.transport());
    let mut request = request;
    Pages::new(move |cursor| {
        let offset = match cursor {
            Cursor::Offset(offset) => {
                set_offset(request.params_mut(), offset);
                offset
            }
            _ => start.offset,
        };
        let http = request.http();
        let transport = Arc::clone(&transport);
        let page_size = start.page_size;
        Box::pin(async move {
            let response = transport.send(http?).await.map_err(Error::widen)?;
            let page = P::decode(response)?;
            let next = next_offset(offset, P::count(&page), page_size, total(&page));
            Ok((page, next))
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

    /// Pages of the given sizes, numbered by offset cursors; an empty page ends the list.
    fn pages(sizes: &'static [usize]) -> Pages<Vec<usize>, std::convert::Infallible> {
        Pages::new(move |cursor| {
            Box::pin(async move {
                let index = match cursor {
                    Cursor::First => 0,
                    Cursor::Offset(n) => n as usize,
                    Cursor::Url(_) => unreachable!("these pages use offsets"),
                };
                let items: Vec<usize> = (0..sizes[index]).map(|i| index * 100 + i).collect();
                let more = index + 1 < sizes.len() && !items.is_empty();
                Ok((items, more.then_some(Cursor::Offset(index as u64 + 1))))
            })
        })
    }

    fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(future)
    }

    #[test]
    fn items_flow_across_pages_and_stop_at_the_limit() {
        assert_eq!(block_on(Paginated::new(pages(&[2, 1, 2])).collect_all()).unwrap(), vec![0, 1, 100, 200, 201]);
        assert_eq!(block_on(Paginated::new(pages(&[2, 1, 2])).limit(3).collect_all()).unwrap(), vec![0, 1, 100]);
        assert_eq!(block_on(Paginated::new(pages(&[2])).limit(0).collect_all()).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn a_limit_fetches_no_page_beyond_it() {
        let fetched = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Arc::clone(&fetched);
        let counted = Pages::<_, std::convert::Infallible>::new(move |cursor| {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let next = match cursor {
                Cursor::First => Some(Cursor::Offset(1)),
                _ => None,
            };
            Box::pin(async move { Ok((vec![1, 2], next)) })
        });
        assert_eq!(block_on(Paginated::new(counted).limit(2).collect_all()).unwrap(), vec![1, 2]);
        assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 1);
    }

    #[test]
    fn pages_come_whole_and_map_to_their_items() {
        block_on(async {
            let mut p = pages(&[2, 1]);
            assert_eq!(p.try_next().await.unwrap(), Some(vec![0, 1]));
            assert_eq!(p.try_next().await.unwrap(), Some(vec![100]));
            assert_eq!(p.try_next().await.unwrap(), None);
            let mut lengths = pages(&[2, 1]).map_each(|page| page.len());
            assert_eq!(lengths.try_next().await.unwrap(), Some(2));
        });
    }

    #[test]
    fn an_error_ends_the_stream_after_it_is_reported() {
        block_on(async {
            let mut failing = Paginated::new(Pages::new(|cursor| {
                Box::pin(async move {
                    match cursor {
                        Cursor::First => Ok((vec![1], Some(Cursor::Offset(1)))),
                        _ => Err(Error::<std::convert::Infallible>::Pagination { message: "gone".to_owned() }),
                    }
                })
            }));
            assert_eq!(failing.try_next().await.unwrap(), Some(1));
            assert!(matches!(failing.try_next().await, Err(Error::Pagination { .. })));
            assert_eq!(failing.try_next().await.unwrap(), None);
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
