#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// A TCP proxy on 127.0.0.1 that forwards to an upstream port and holds every
// byte coming back from the upstream for `delay` before passing it on (in
// order): a server that answers `delay` late, as seen by the client. Runs on
// its own threads; the destructor closes every socket and joins them.
class DelayProxy
{
public:
    DelayProxy(int upstreamPort, std::chrono::milliseconds delay);
    ~DelayProxy();

    DelayProxy(const DelayProxy &) = delete;
    DelayProxy &operator=(const DelayProxy &) = delete;

    int port() const { return m_port; }

private:
    struct Link;

    void acceptLoop();
    void serve(int client);

    int m_upstreamPort;
    std::chrono::milliseconds m_delay;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stopping{false};
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<std::shared_ptr<Link>> m_links; // guarded by m_mutex
};
