// The byte-level half of the SSE benchmark clients, pure and without sockets: an HTTP/1.1
// response head, and an SSE response body as it arrives (chunked framing or none) split into
// events, each with its id and the benchmark marker "bench~<k>~" it carries.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// ASCII lowercase, for matching HTTP status lines and header names.
std::string asciiLower(std::string text);

struct ResponseHead
{
    int status = 0;
    bool chunked = false;
    long long contentLength = -1; // -1: none given
    bool close = false; // Connection: close
    size_t size = 0; // bytes of the head, the blank line included

    // The head at the start of raw, or nothing while it is incomplete.
    static std::optional<ResponseHead> parse(std::string_view raw);
};

class SseBodyDecoder
{
public:
    // lastEventId: the id a reconnecting client resumed after, until the stream sends a newer one.
    explicit SseBodyDecoder(bool chunked = false, std::string lastEventId = {})
        : m_chunked(chunked)
        , m_lastEventId(std::move(lastEventId))
    { }

    // Decodes bytes of the body and appends the marker number of every complete event that has
    // one. Returns false when the body ended (the last chunk) or its framing is broken.
    bool feed(std::string_view bytes, std::vector<int> &markers);
    // The id of the last complete event that had one (empty: none yet).
    const std::string &lastEventId() const { return m_lastEventId; }

private:
    bool unchunk(std::string_view bytes);
    void splitEvents(std::vector<int> &markers);

    bool m_chunked;
    long long m_chunkLeft = 0; // > 0: data bytes left; < 0: CRLF bytes to skip; 0: size line next
    std::string m_raw; // chunked bytes not yet decoded
    std::string m_text; // decoded body, not yet split into events
    std::string m_lastEventId;
};
