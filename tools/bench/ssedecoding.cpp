#include "ssedecoding.h"

#include <algorithm>
#include <cstdlib>

std::string asciiLower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    return text;
}

std::optional<ResponseHead> ResponseHead::parse(std::string_view raw)
{
    const size_t end = raw.find("\r\n\r\n");
    if (end == std::string_view::npos)
        return std::nullopt;
    const std::string head = asciiLower(std::string(raw.substr(0, end)));
    ResponseHead parsed;
    parsed.size = end + 4;
    if (head.rfind("http/1.", 0) == 0 && head.size() > 12)
        parsed.status = std::atoi(head.c_str() + 9);
    parsed.chunked = head.find("\r\ntransfer-encoding: chunked") != std::string::npos;
    parsed.close = head.find("\r\nconnection: close") != std::string::npos;
    const size_t length = head.find("\r\ncontent-length:");
    if (length != std::string::npos)
        parsed.contentLength = std::strtoll(head.c_str() + length + 17, nullptr, 10);
    return parsed;
}

bool SseBodyDecoder::feed(std::string_view bytes, std::vector<int> &markers)
{
    const bool framingOk = m_chunked ? unchunk(bytes) : (m_text.append(bytes), true);
    splitEvents(markers);
    return framingOk;
}

// Moves the data of complete and partial chunks from bytes (after what was kept) to m_text.
bool SseBodyDecoder::unchunk(std::string_view bytes)
{
    m_raw.append(bytes);
    size_t pos = 0;
    bool ok = true;
    while (pos < m_raw.size()) {
        if (m_chunkLeft > 0) {
            const size_t take = std::min<size_t>(size_t(m_chunkLeft), m_raw.size() - pos);
            m_text.append(m_raw, pos, take);
            pos += take;
            m_chunkLeft -= (long long)take;
            if (m_chunkLeft == 0)
                m_chunkLeft = -2;
        } else if (m_chunkLeft < 0) {
            const size_t skip = std::min<size_t>(size_t(-m_chunkLeft), m_raw.size() - pos);
            pos += skip;
            m_chunkLeft += (long long)skip;
        } else {
            const size_t lineEnd = m_raw.find("\r\n", pos);
            if (lineEnd == std::string::npos)
                break;
            char *parsedEnd = nullptr;
            const long long size = std::strtoll(m_raw.c_str() + pos, &parsedEnd, 16);
            if (parsedEnd == m_raw.c_str() + pos || size <= 0) {
                ok = false; // broken, or the last chunk: the stream ended
                break;
            }
            m_chunkLeft = size;
            pos = lineEnd + 2;
        }
    }
    m_raw.erase(0, pos);
    return ok;
}

void SseBodyDecoder::splitEvents(std::vector<int> &markers)
{
    static constexpr std::string_view marker = "bench~";
    static constexpr std::string_view idField = "id:";
    const std::string_view text(m_text);
    size_t start = 0;
    for (size_t end; (end = text.find("\n\n", start)) != std::string_view::npos; start = end + 2) {
        const std::string_view event = text.substr(start, end - start);
        for (size_t line = 0; line < event.size();) {
            const size_t lineEnd = std::min(event.find('\n', line), event.size());
            if (event.substr(line, idField.size()) == idField) {
                std::string_view id
                    = event.substr(line + idField.size(), lineEnd - line - idField.size());
                if (!id.empty() && id.front() == ' ')
                    id.remove_prefix(1);
                m_lastEventId.assign(id);
            }
            line = lineEnd + 1;
        }
        const size_t at = event.find(marker);
        if (at == std::string_view::npos)
            continue;
        size_t pos = at + marker.size();
        int k = 0;
        while (pos < event.size() && event[pos] >= '0' && event[pos] <= '9')
            k = k * 10 + (event[pos++] - '0');
        if (pos < event.size() && event[pos] == '~')
            markers.push_back(k);
    }
    m_text.erase(0, start);
}
