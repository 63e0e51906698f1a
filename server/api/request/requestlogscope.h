#pragma once

#include <QByteArray>

namespace chat::server {

struct RequestContext;

// The request this thread is handling, for the log lines written meanwhile: the JSON log adds
// its method, path and client to them. Lives for the synchronous part of a request's handling
// (an answer sent later, after a group commit, is logged without them). Costs a pointer.
class RequestLogScope
{
public:
    RequestLogScope(QByteArray method, const RequestContext &context);
    ~RequestLogScope();
    RequestLogScope(const RequestLogScope &) = delete;
    RequestLogScope &operator=(const RequestLogScope &) = delete;

    // The innermost scope of this thread, or null.
    static const RequestLogScope *current();

    const QByteArray &method() const { return m_method; }
    const RequestContext &context() const { return m_context; }

private:
    QByteArray m_method;
    const RequestContext &m_context;
    const RequestLogScope *m_outer;
};

} // namespace chat::server
