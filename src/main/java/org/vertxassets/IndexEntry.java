package org.vertxassets;

/** What a request path leads to in the index: a file to serve, or a redirect. */
sealed interface IndexEntry permits Asset, Redirect {
}
