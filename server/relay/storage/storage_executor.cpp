// SPDX-License-Identifier: GPL-3.0-or-later
// Group commit (storage_executor.h): one thread, one transaction per batch, one
// savepoint per job, results reported only after the commit.
#include "storage_executor.h"

#include <chrono>
#include <cstdlib>
#include <future>
#include <optional>
#include <utility>
#include <vector>

namespace sandi::server {

Result<std::unique_ptr<StorageExecutor>> StorageExecutor::start(Factory factory, CommitObserver observer)
{
    std::unique_ptr<StorageExecutor> executor(new StorageExecutor());
    executor->m_observer = std::move(observer);
    std::promise<Status> opened;
    std::future<Status> openedResult = opened.get_future();
    StorageExecutor* self = executor.get();
    // The thread owns the promise: it may still be inside set_value() when get() returns.
    // A QThread, not a std::thread: Qt keeps per-thread data for a thread that uses QtSql,
    // and frees it only for threads it started itself.
    executor->m_thread.reset(
        QThread::create([self, factory = std::move(factory), opened = std::move(opened)]() mutable {
            auto storage = factory();
            if (!storage) {
                opened.set_value(fail(std::move(storage).error()));
                return;
            }
            self->m_storage = std::move(*storage);
            opened.set_value({});
            self->loop();
        }));
    executor->m_thread->setObjectName("storage");
    executor->m_thread->start();
    Status status = openedResult.get();
    if (!status) {
        executor->m_thread->wait();
        return fail(std::move(status).error().context("opening the relay storage"));
    }
    return executor;
}

StorageExecutor::~StorageExecutor()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread) m_thread->wait();
}

void StorageExecutor::enqueue(std::function<Status(Storage&)> run, std::function<void(const Status&)> finish)
{
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(Job{std::move(run), std::move(finish), false});
    }
    m_wake.notify_one();
}

Status StorageExecutor::runNow(const std::function<Status(Storage&)>& job)
{
    // Called from the storage thread (a job or a `done`), it would wait for itself.
    if (QThread::currentThread() == m_thread.get()) std::abort();
    auto finished = std::make_shared<std::promise<Status>>();
    std::future<Status> result = finished->get_future();
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(Job{[&job](Storage& storage) { return job(storage); },
                              [finished](const Status& status) { finished->set_value(status); }, true});
    }
    m_wake.notify_one();
    return result.get();
}

StorageStats StorageExecutor::stats() const
{
    const std::lock_guard lock(m_mutex);
    return m_stats;
}

void StorageExecutor::loop()
{
    // Commits, timing the commit for the observer; on failure nothing of the batch is kept.
    const auto commit = [this](std::size_t jobs) -> Status {
        const auto started = std::chrono::steady_clock::now();
        Status committed = m_storage->commit();
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
        if (!committed) {
            m_storage->rollback();
            return committed;
        }
        if (m_observer) m_observer(static_cast<qint64>(micros), jobs);
        return committed;
    };

    for (;;) {
        std::vector<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) break; // stopping, and everything queued has run
            if (m_queue.front().alone) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            } else {
                while (!m_queue.empty() && !m_queue.front().alone && batch.size() < kMaxBatchJobs) {
                    batch.push_back(std::move(m_queue.front()));
                    m_queue.pop_front();
                }
            }
        }

        // Each job's outcome, reported only after the stats count the batch (so a caller
        // woken by its result sees it in stats()).
        std::vector<Status> outcomes;
        outcomes.reserve(batch.size());
        bool committed = false;
        if (Status begun = m_storage->begin(); !begun) {
            outcomes.assign(batch.size(), begun);
        } else if (batch.front().alone) {
            if (Status ran = batch.front().run(*m_storage); !ran) {
                m_storage->rollback();
                committed = true; // the job failed, not the transaction
                outcomes.push_back(std::move(ran));
            } else {
                outcomes.push_back(commit(1));
                committed = outcomes.back().has_value();
            }
        } else {
            // A job whose savepoint could not be set or released gets that error; the
            // others the commit's status (and their own results through `finish`).
            std::vector<std::optional<Error>> ownErrors(batch.size());
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (Status sp = m_storage->savepoint(); !sp) {
                    ownErrors[i] = std::move(sp).error();
                    continue;
                }
                if (Status ran = batch[i].run(*m_storage); !ran) {
                    m_storage->rollbackToSavepoint();
                } else if (Status released = m_storage->releaseSavepoint(); !released) {
                    m_storage->rollbackToSavepoint();
                    ownErrors[i] = std::move(released).error();
                }
            }
            const Status status = commit(batch.size());
            committed = status.has_value();
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (status && ownErrors[i])
                    outcomes.emplace_back(fail(*ownErrors[i]));
                else
                    outcomes.push_back(status);
            }
        }

        {
            const std::lock_guard lock(m_mutex);
            ++m_stats.batches;
            m_stats.jobs += batch.size();
            if (!committed) ++m_stats.failedCommits;
        }
        for (std::size_t i = 0; i < batch.size(); ++i)
            batch[i].finish(outcomes[i]);
    }
    // The storage belongs to this thread (its QtSql connection was made here).
    m_storage.reset();
}

} // namespace sandi::server
