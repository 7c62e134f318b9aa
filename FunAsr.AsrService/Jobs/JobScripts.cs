namespace FunAsr.AsrService.Jobs;

/// <summary>
/// The job record's state changes, each one Lua script so it is checked and applied in one step. A worker's writes are
/// fenced by its attempt number (the record's <c>attempts</c> when it started the job): once another worker has started
/// the job again, or it was re-queued or cancelled, the old worker's progress and result are refused (0) instead of
/// overwriting the new one's. -1 means the job was cancelled while the attempt was current (or, unfenced, that it had
/// already ended), -2 that the record no longer exists.
/// </summary>
internal static class JobScripts
{
    /// <summary>KEYS: job, active set, job stream. ARGV: id, createdAt, n, n stream field/value pairs, then the record's field/value pairs.</summary>
    public const string Submit = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return redis.error_reply('ERR job ' .. ARGV[1] .. ' exists')
        end
        local n = tonumber(ARGV[3])
        local entryFields = {}
        for i = 4, 3 + 2 * n do entryFields[#entryFields + 1] = ARGV[i] end
        local recordFields = {}
        for i = 4 + 2 * n, #ARGV do recordFields[#recordFields + 1] = ARGV[i] end
        redis.call('HSET', KEYS[1], unpack(recordFields))
        local entry = redis.call('XADD', KEYS[3], '*', unpack(entryFields))
        redis.call('HSET', KEYS[1], 'entry', entry)
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        return entry
        """;

    /// <summary>KEYS: job. ARGV: worker, now, the delivered entry id. Returns the attempt number, or -1/-2, or -3 for an entry that is not the job's.</summary>
    public const string Start = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return -2 end
        if status == 'completed' or status == 'failed' or status == 'cancelled' then return -1 end
        local entry = redis.call('HGET', KEYS[1], 'entry')
        if entry and entry ~= '' and entry ~= ARGV[3] then return -3 end
        local attempts = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
        redis.call('HSET', KEYS[1], 'status', 'running', 'worker', ARGV[1], 'done', 0, 'partialText', '', 'updatedAt', ARGV[2])
        return attempts
        """;

    /// <summary>KEYS: job. ARGV: attempt, done, total, partial text, now.</summary>
    public const string Progress = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return -2 end
        if redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[1] then return 0 end
        if status == 'cancelled' then return -1 end
        if status ~= 'running' then return 0 end
        redis.call('HSET', KEYS[1], 'done', ARGV[2], 'total', ARGV[3], 'partialText', ARGV[4], 'updatedAt', ARGV[5])
        return 1
        """;

    /// <summary>
    /// Completion and publication in one step. KEYS: job, active set, transcripts stream, redactions stream. ARGV: id,
    /// attempt, now, retention (s), transcripts stream max length, the transcript JSON (the record's result and the
    /// entry's payload), redactions stream max length, n, n redaction entry field/value pairs (none: not redacted), then
    /// the transcripts entry's other field/value pairs.
    /// </summary>
    public const string Complete = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return -2 end
        if redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[2] then return 0 end
        if status == 'cancelled' then return -1 end
        -- A retry whose first try Redis ran after all (the reply timed out): done already, and published once.
        if status == 'completed' then return 1 end
        if status ~= 'running' then return 0 end
        -- Redis keeps what a script wrote before a failing command: a key that cannot take the entries is refused before
        -- anything is written, so the job is never completed without them (and a retry never adds them twice).
        for i = 3, 4 do
          local kind = redis.call('TYPE', KEYS[i]).ok
          if kind ~= 'stream' and kind ~= 'none' then
            return redis.error_reply('WRONGTYPE ' .. KEYS[i] .. ' holds a ' .. kind .. ', not a stream')
          end
        end
        redis.call('HSET', KEYS[1], 'status', 'completed', 'result', ARGV[6], 'updatedAt', ARGV[3])
        redis.call('HDEL', KEYS[1], 'error')
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        redis.call('ZREM', KEYS[2], ARGV[1])
        local n = tonumber(ARGV[8])
        if n > 0 then
          local redaction = {}
          for i = 9, 8 + 2 * n do redaction[#redaction + 1] = ARGV[i] end
          redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[7], '*', unpack(redaction))
        end
        local fields = {}
        for i = 9 + 2 * n, #ARGV do fields[#fields + 1] = ARGV[i] end
        fields[#fields + 1] = 'payload'
        fields[#fields + 1] = ARGV[6]
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', unpack(fields))
        return 1
        """;

    /// <summary>KEYS: job, active set. ARGV: id, attempt ('' = whoever runs it), now, retention (s), error.</summary>
    public const string Fail = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then
          redis.call('ZREM', KEYS[2], ARGV[1])
          return -2
        end
        if ARGV[2] ~= '' and redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[2] then return 0 end
        if status == 'completed' or status == 'failed' or status == 'cancelled' then return -1 end
        if ARGV[2] ~= '' and status ~= 'running' then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[5], 'updatedAt', ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>KEYS: job, active set. ARGV: id, now, retention (s). Returns {1 if this call cancelled it, the status now} (nil: no job).</summary>
    public const string Cancel = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return false end
        if status == 'completed' or status == 'failed' or status == 'cancelled' then return {0, status} end
        redis.call('HSET', KEYS[1], 'status', 'cancelled', 'error', 'cancelled by the client', 'updatedAt', ARGV[2])
        redis.call('EXPIRE', KEYS[1], ARGV[3])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return {1, 'cancelled'}
        """;

    /// <summary>A worker stopping gracefully hands its job back. KEYS: job. ARGV: attempt, now.</summary>
    public const string Requeue = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'running' or redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'status', 'queued', 'updatedAt', ARGV[2])
        return 1
        """;

    /// <summary>
    /// Puts an unfinished job whose stream entry is gone back on the stream. KEYS: job, job stream, active set. ARGV: id,
    /// the entry id the sweeper found missing ('' = none), now, then the new entry's field/value pairs. Returns the new
    /// entry id, or nil when the job meanwhile ended, got another entry, or its entry is there after all.
    /// </summary>
    public const string RequeueOrphan = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'completed' or status == 'failed' or status == 'cancelled' then
          redis.call('ZREM', KEYS[3], ARGV[1])
          return false
        end
        local entry = redis.call('HGET', KEYS[1], 'entry') or ''
        if entry ~= ARGV[2] then return false end
        if entry ~= '' and #redis.call('XRANGE', KEYS[2], entry, entry) > 0 then return false end
        local fields = {}
        for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
        local new = redis.call('XADD', KEYS[2], '*', unpack(fields))
        redis.call('HSET', KEYS[1], 'entry', new, 'status', 'queued', 'updatedAt', ARGV[3])
        return new
        """;
}
