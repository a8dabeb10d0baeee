#include "services/call_registry.h"

#include <vector>

std::uint64_t CallRegistry::add(const std::shared_ptr<CallStateBase> &call)
{
    std::lock_guard lock(m_mutex);
    const std::uint64_t id = m_nextId++;
    m_calls.emplace(id, call);
    return id;
}

void CallRegistry::remove(std::uint64_t id)
{
    std::lock_guard lock(m_mutex);
    m_calls.erase(id);
    if (m_calls.empty())
        m_idle.notify_all();
}

void CallRegistry::cancelAll()
{
    // TryCancel outside the lock: gRPC may run the callback (and so remove())
    // on this very thread.
    std::vector<std::shared_ptr<CallStateBase>> live;
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[id, weak] : m_calls) {
            if (auto call = weak.lock())
                live.push_back(std::move(call));
        }
    }
    for (const auto &call : live)
        call->context.TryCancel();
}

void CallRegistry::waitUntilIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_calls.empty(); });
}
