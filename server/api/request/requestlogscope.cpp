#include "server/api/request/requestlogscope.h"

namespace chat::server {

namespace {
thread_local const RequestLogScope *t_current = nullptr;
}

RequestLogScope::RequestLogScope(QByteArray method, const RequestContext &context)
    : m_method(std::move(method))
    , m_context(context)
    , m_outer(t_current)
{
    t_current = this;
}

RequestLogScope::~RequestLogScope()
{
    t_current = m_outer;
}

const RequestLogScope *RequestLogScope::current()
{
    return t_current;
}

} // namespace chat::server
