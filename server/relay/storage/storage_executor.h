// SPDX-License-Identifier: GPL-3.0-or-later
// Group commit: one storage thread owns the Storage object; requests from every
// connection thread queue here, and the thread runs all that are waiting (up to
// kMaxBatchJobs) in one transaction, each inside its own savepoint, then commits once
// (one fsync) and only then reports each result. So "accepted" is said only for
// durable messages, and durability costs one fsync per batch, not per message.
#pragma once

#include "storage.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <QThread>

namespace sandi::server {

inline constexpr std::size_t kMaxBatchJobs = 512;

struct StorageStats {
    quint64 batches = 0;
    quint64 jobs = 0;
    quint64 failedCommits = 0;
};

class StorageExecutor final {
  public:
    // Opens the storage on the storage thread (QtSql connections belong to the thread
    // that made them). Fails with the factory's error.
    using Factory = std::function<Result<std::unique_ptr<Storage>>()>;
    // Called on the storage thread after each commit with its duration in microseconds
    // (the relay feeds its commit-latency histogram with it).
    using CommitObserver = std::function<void(qint64 micros, std::size_t jobs)>;
    static Result<std::unique_ptr<StorageExecutor>> start(Factory factory, CommitObserver observer = {});
    ~StorageExecutor(); // runs what is queued, then stops the thread
    StorageExecutor(const StorageExecutor&) = delete;
    StorageExecutor& operator=(const StorageExecutor&) = delete;

    // Runs `job` in the next batch. `done` runs on the storage thread once the batch's
    // transaction committed, with the job's result, or with the commit's error if the
    // commit failed (then nothing of the batch is durable). A job that fails is rolled
    // back to its savepoint and does not affect the others. `done` must not block: it
    // posts the result to the connection's thread.
    template <class T> void submit(std::function<Result<T>(Storage&)> job, std::function<void(Result<T>)> done)
    {
        auto result = std::make_shared<std::optional<Result<T>>>();
        enqueue(
            [job = std::move(job), result](Storage& s) -> Status {
                auto r = job(s);
                const bool ok = r.has_value();
                Error e = ok ? Error{} : r.error();
                result->emplace(std::move(r));
                if (!ok) return fail(std::move(e));
                return {};
            },
            [done = std::move(done), result](const Status& commit) {
                if (!commit)
                    done(fail(commit.error()));
                else
                    done(std::move(**result));
            });
    }

    // Runs `job` alone, outside the batching, and waits (start-up, audit-verify, tests).
    Status runNow(const std::function<Status(Storage&)>& job);

    [[nodiscard]] StorageStats stats() const;

  private:
    struct Job {
        std::function<Status(Storage&)> run;
        std::function<void(const Status& commit)> finish;
        // runNow(): a transaction of its own (no savepoint); `finish` gets the job's
        // error if it failed (then rolled back), else the commit's status.
        bool alone = false;
    };
    StorageExecutor() = default;
    void enqueue(std::function<Status(Storage&)> run, std::function<void(const Status&)> finish);
    void loop();

    std::unique_ptr<Storage> m_storage;
    CommitObserver m_observer;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    StorageStats m_stats;
    std::unique_ptr<QThread> m_thread;
};

} // namespace sandi::server
