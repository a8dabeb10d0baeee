#include "delay_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <string>

namespace {

constexpr int kPollMs = 50;

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(port));
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

} // namespace

// One client connection: client -> upstream passes at once; upstream ->
// client is queued with a due time and written by its own thread.
struct DelayProxy::Link
{
    int client = -1;
    int upstream = -1;
    std::thread up;
    std::thread downReader;
    std::thread downWriter;
    std::mutex mutex;
    std::condition_variable wake;
    struct Chunk
    {
        std::chrono::steady_clock::time_point due;
        std::string bytes; // empty: the upstream closed
    };
    std::deque<Chunk> queue; // guarded by mutex
    bool closed = false;     // guarded by mutex

    void close()
    {
        {
            std::lock_guard lock(mutex);
            closed = true;
        }
        wake.notify_all();
        ::shutdown(client, SHUT_RDWR);
        ::shutdown(upstream, SHUT_RDWR);
    }
};

DelayProxy::DelayProxy(int upstreamPort, std::chrono::milliseconds delay)
    : m_upstreamPort(upstreamPort), m_delay(delay)
{
    m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(m_listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    ::bind(m_listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr);
    ::listen(m_listener, 16);
    ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

DelayProxy::~DelayProxy()
{
    m_stopping = true;
    m_acceptor.join();
    ::close(m_listener);
    std::vector<std::shared_ptr<Link>> links;
    {
        std::lock_guard lock(m_mutex);
        links.swap(m_links);
    }
    for (const auto &link : links) {
        link->close();
        link->up.join();
        link->downReader.join();
        link->downWriter.join();
        ::close(link->client);
        ::close(link->upstream);
    }
}

void DelayProxy::acceptLoop()
{
    while (!m_stopping) {
        pollfd p{m_listener, POLLIN, 0};
        if (::poll(&p, 1, kPollMs) <= 0)
            continue;
        const int client = ::accept(m_listener, nullptr, nullptr);
        if (client >= 0)
            serve(client);
    }
}

void DelayProxy::serve(int client)
{
    const int upstream = connectTo(m_upstreamPort);
    if (upstream < 0) {
        ::close(client);
        return;
    }
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto link = std::make_shared<Link>();
    link->client = client;
    link->upstream = upstream;
    Link *l = link.get();

    l->up = std::thread([l] {
        char buffer[16384];
        for (;;) {
            const ssize_t n = ::recv(l->client, buffer, sizeof buffer, 0);
            if (n <= 0 || !writeAll(l->upstream, buffer, size_t(n)))
                break;
        }
        ::shutdown(l->upstream, SHUT_WR);
    });
    l->downReader = std::thread([l, delay = m_delay] {
        char buffer[16384];
        for (;;) {
            const ssize_t n = ::recv(l->upstream, buffer, sizeof buffer, 0);
            {
                std::lock_guard lock(l->mutex);
                l->queue.push_back({std::chrono::steady_clock::now() + delay,
                                    n > 0 ? std::string(buffer, size_t(n)) : std::string()});
            }
            l->wake.notify_all();
            if (n <= 0)
                break;
        }
    });
    l->downWriter = std::thread([l] {
        std::unique_lock lock(l->mutex);
        for (;;) {
            // Waiting here is the simulated latency, on the proxy's thread.
            l->wake.wait(lock, [l] { return l->closed || !l->queue.empty(); });
            if (l->closed)
                return;
            const auto due = l->queue.front().due;
            if (l->wake.wait_until(lock, due, [l] { return l->closed; }))
                return;
            Link::Chunk chunk = std::move(l->queue.front());
            l->queue.pop_front();
            lock.unlock();
            if (chunk.bytes.empty() || !writeAll(l->client, chunk.bytes.data(), chunk.bytes.size())) {
                ::shutdown(l->client, SHUT_WR);
                return;
            }
            lock.lock();
        }
    });
    std::lock_guard lock(m_mutex);
    m_links.push_back(std::move(link));
}
