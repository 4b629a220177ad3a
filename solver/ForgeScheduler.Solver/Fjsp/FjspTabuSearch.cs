namespace ForgeScheduler.Solver.Fjsp;

/// <summary>
/// Tabu search on the disjunctive graph of a flexible job shop, the move CP-SAT's neighbourhoods
/// lack: take one operation of the critical path out of its machine and re-insert it anywhere on
/// any of its machines (its own included: that covers the swaps inside critical blocks of N5/N7).
/// Each move is priced exactly and cheaply in the style of Mastrolilli and Gambardella: with the
/// operation removed, heads and tails of the rest give the longest path through every insertion
/// point in O(1); insertion points that could close a cycle are skipped (a conservative test on the
/// heads), so every priced move is a valid schedule. The best non-tabu move is taken even when it is
/// worse — that is what carries the search off the makespan's plateaus, where the LNS stalls — and
/// the moved operation is tabu for a random tenure. Deterministic for a seed: the budget is
/// counted in iterations, never in time.
/// </summary>
internal sealed class FjspTabuSearch
{
    private readonly FjspInstance _instance;
    private readonly int _n;
    private readonly int[] _jobOf;
    private readonly int[] _opOf;
    private readonly int[][] _flat;
    private readonly int[] _jobPred;
    private readonly int[] _jobSucc;
    private readonly IReadOnlyList<FjspAlternative>[] _alternatives;

    // Current solution: alternative per operation, operation order per machine (1-based machines).
    private readonly int[] _alt;
    private readonly List<int>[] _sequence;
    private readonly int[] _duration;
    private readonly int[] _machinePred;
    private readonly int[] _machineSucc;

    // Heads (earliest starts), tails (longest path from the start of an operation to the end), a
    // topological order, and their counterparts with one operation removed.
    private readonly long[] _head;
    private readonly long[] _tail;
    private readonly int[] _order;
    private readonly long[] _reducedHead;
    private readonly long[] _reducedTail;
    private readonly int[] _indegree;
    private long _makespan;

    private FjspTabuSearch(FjspInstance instance, FjspSchedule start)
    {
        _instance = instance;
        var jobs = instance.Jobs;
        _n = instance.OperationCount;
        _jobOf = new int[_n];
        _opOf = new int[_n];
        _flat = new int[jobs.Count][];
        _jobPred = new int[_n];
        _jobSucc = new int[_n];
        _alternatives = new IReadOnlyList<FjspAlternative>[_n];
        _alt = new int[_n];
        _duration = new int[_n];
        var i = 0;
        for (var j = 0; j < jobs.Count; j++)
        {
            _flat[j] = new int[jobs[j].Operations.Count];
            for (var o = 0; o < jobs[j].Operations.Count; o++, i++)
            {
                _flat[j][o] = i;
                _jobOf[i] = j;
                _opOf[i] = o;
                _jobPred[i] = o > 0 ? i - 1 : -1;
                _jobSucc[i] = o < jobs[j].Operations.Count - 1 ? i + 1 : -1;
                _alternatives[i] = jobs[j].Operations[o].Alternatives;
                _alt[i] = start.Alternative[j][o];
                _duration[i] = _alternatives[i][_alt[i]].Duration;
            }
        }

        _sequence = new List<int>[instance.MachineCount + 1];
        for (var m = 0; m <= instance.MachineCount; m++)
        {
            _sequence[m] = [];
        }

        // The incumbent's order on each machine (ties: earlier end, then index, so a zero-length
        // operation stays before the one that starts when it ends).
        foreach (var op in Enumerable.Range(0, _n)
                     .OrderBy(x => start.Start[_jobOf[x]][_opOf[x]])
                     .ThenBy(x => start.Start[_jobOf[x]][_opOf[x]] + _duration[x])
                     .ThenBy(x => x))
        {
            _sequence[Machine(op)].Add(op);
        }

        _machinePred = new int[_n];
        _machineSucc = new int[_n];
        _head = new long[_n];
        _tail = new long[_n];
        _order = new int[_n];
        _reducedHead = new long[_n];
        _reducedTail = new long[_n];
        _indegree = new int[_n];
    }

    /// <summary>
    /// Improves <paramref name="start"/> for <paramref name="iterations"/> moves (or until
    /// <paramref name="lowerBound"/> is reached, or <paramref name="shouldStop"/> says so — checked
    /// every 64 moves; pass a wall-clock check only when the run need not repeat) and returns the best
    /// schedule seen, never worse than <paramref name="start"/>, with the moves made.
    /// </summary>
    public static (FjspSchedule Best, int Iterations) Improve(FjspInstance instance, FjspSchedule start, int iterations, int seed,
        long lowerBound = 0, Func<bool>? shouldStop = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(start);
        if (instance.OperationCount == 0)
        {
            return (start, 0);
        }

        var search = new FjspTabuSearch(instance, start);
        if (!search.Evaluate())
        {
            // Cannot happen for a valid incumbent; keep it rather than trust a broken order.
            return (start, 0);
        }

        return search.Run(start, iterations, new Random(seed), lowerBound, shouldStop);
    }

    private int Machine(int op) => _alternatives[op][_alt[op]].Machine;

    private (FjspSchedule Best, int Iterations) Run(FjspSchedule start, int iterations, Random random, long lowerBound, Func<bool>? shouldStop)
    {
        var best = _makespan < start.Makespan ? Snapshot() : start;
        var bestState = SaveState();
        // The move after which each operation may be moved again. Making the moved operation itself
        // tabu (rather than only its old place) was measured far stronger: on mk10 from the full
        // solve's 238, 10 000 moves reached 206–209 against 213–221.
        var tabuUntil = new int[_n];
        var sinceImprovement = 0;
        // Back to the best after this many moves without a new best: a walk that has drifted far
        // onto worse schedules rarely comes back by itself.
        var restartAfter = Math.Max(200, 10 * _n);
        var done = 0;
        var candidates = new List<Move>();
        for (; done < iterations && best.Makespan > lowerBound; done++)
        {
            if ((done & 63) == 0 && shouldStop?.Invoke() == true)
            {
                break;
            }

            if (sinceImprovement >= restartAfter)
            {
                RestoreState(bestState);
                Evaluate();
                sinceImprovement = 0;
            }

            candidates.Clear();
            CollectMoves(candidates);
            Move? chosen = null;
            double chosenKey = double.MaxValue;
            foreach (var move in candidates)
            {
                // Aspiration: a tabu move that beats the best schedule seen is taken all the same.
                if (tabuUntil[move.Op] > done && move.Makespan >= best.Makespan)
                {
                    continue;
                }

                // Lowest makespan; ties broken at random so plateaus are walked, not circled.
                var key = move.Makespan + random.NextDouble() * 0.5;
                if (key < chosenKey)
                {
                    (chosen, chosenKey) = (move, key);
                }
            }

            if (chosen is not { } take)
            {
                // Every move tabu: forget the list and go on.
                Array.Clear(tabuUntil);
                sinceImprovement++;
                continue;
            }

            var tenure = 4 + random.Next(0, 4 + _n / 20);
            Apply(take);
            if (!Evaluate())
            {
                throw new InvalidOperationException("Tabu search move closed a cycle; the cycle test must exclude it.");
            }

            tabuUntil[take.Op] = done + tenure;

            if (_makespan < best.Makespan)
            {
                best = Snapshot();
                bestState = SaveState();
                sinceImprovement = 0;
            }
            else
            {
                sinceImprovement++;
            }
        }

        return (best, done);
    }

    /// <summary>One candidate: put <see cref="Op"/> on its alternative <see cref="Alternative"/>
    /// (machine <see cref="Machine"/>) right after <see cref="Pred"/> (−1: first), giving
    /// <see cref="Makespan"/>.</summary>
    private readonly record struct Move(int Op, int Alternative, int Machine, int Pred, long Makespan);

    private void CollectMoves(List<Move> moves)
    {
        for (var v = 0; v < _n; v++)
        {
            if (_head[v] + _tail[v] != _makespan || _duration[v] == 0)
            {
                continue;
            }

            ComputeReduced(v);
            long reducedMakespan = 0;
            for (var x = 0; x < _n; x++)
            {
                if (x != v)
                {
                    reducedMakespan = Math.Max(reducedMakespan, _reducedHead[x] + _duration[x]);
                }
            }

            var jp = _jobPred[v];
            var js = _jobSucc[v];
            var release = jp >= 0 ? _reducedHead[jp] + _duration[jp] : 0;
            var after = js >= 0 ? _reducedTail[js] : 0;
            var ownMachine = Machine(v);
            var ownPred = _machinePred[v];
            var alternatives = _alternatives[v];
            for (var a = 0; a < alternatives.Count; a++)
            {
                var (machine, duration) = alternatives[a];
                var sequence = _sequence[machine];
                var previous = -1;
                for (var k = 0; k <= sequence.Count; k++)
                {
                    var next = k < sequence.Count ? sequence[k] : -1;
                    if (next == v)
                    {
                        continue;
                    }

                    if (!(machine == ownMachine && previous == ownPred) && !MayCloseCycle(previous, next, jp, js))
                    {
                        var endBefore = previous >= 0 ? _reducedHead[previous] + _duration[previous] : 0;
                        var tailAfter = next >= 0 ? _reducedTail[next] : 0;
                        var through = Math.Max(release, endBefore) + duration + Math.Max(after, tailAfter);
                        moves.Add(new Move(v, a, machine, previous, Math.Max(reducedMakespan, through)));
                    }

                    previous = next;
                }
            }
        }
    }

    /// <summary>
    /// Inserting v between <paramref name="previous"/> and <paramref name="next"/> closes a cycle only
    /// if a path runs from v's job successor to <paramref name="previous"/> or from
    /// <paramref name="next"/> to v's job predecessor. A path x → y forces head(y) ≥ head(x) + p(x),
    /// so where that fails there is none; where it holds the insertion is skipped (it would also put
    /// v after its own job successor's start, rarely a good move).
    /// </summary>
    private bool MayCloseCycle(int previous, int next, int jp, int js) =>
        (previous >= 0 && previous == js) || (next >= 0 && next == jp)
        || (previous >= 0 && js >= 0 && _reducedHead[previous] >= _reducedHead[js] + _duration[js])
        || (next >= 0 && jp >= 0 && _reducedHead[jp] >= _reducedHead[next] + _duration[next]);

    /// <summary>Heads and tails of the graph without <paramref name="v"/> (its machine neighbours
    /// joined, its job arcs dropped), in the current topological order.</summary>
    private void ComputeReduced(int v)
    {
        var mp = _machinePred[v];
        var ms = _machineSucc[v];
        for (var k = 0; k < _n; k++)
        {
            var x = _order[k];
            if (x == v)
            {
                continue;
            }

            long head = 0;
            var jp = _jobPred[x];
            if (jp >= 0 && jp != v)
            {
                head = _reducedHead[jp] + _duration[jp];
            }

            var p = _machinePred[x] == v ? mp : _machinePred[x];
            if (p >= 0)
            {
                head = Math.Max(head, _reducedHead[p] + _duration[p]);
            }

            _reducedHead[x] = head;
        }

        for (var k = _n - 1; k >= 0; k--)
        {
            var x = _order[k];
            if (x == v)
            {
                continue;
            }

            long tail = 0;
            var js = _jobSucc[x];
            if (js >= 0 && js != v)
            {
                tail = _reducedTail[js];
            }

            var s = _machineSucc[x] == v ? ms : _machineSucc[x];
            if (s >= 0)
            {
                tail = Math.Max(tail, _reducedTail[s]);
            }

            _reducedTail[x] = tail + _duration[x];
        }
    }

    private void Apply(Move move)
    {
        _sequence[Machine(move.Op)].Remove(move.Op);
        _alt[move.Op] = move.Alternative;
        _duration[move.Op] = _alternatives[move.Op][move.Alternative].Duration;
        var sequence = _sequence[move.Machine];
        sequence.Insert(move.Pred < 0 ? 0 : sequence.IndexOf(move.Pred) + 1, move.Op);
    }

    /// <summary>Machine links, a topological order, heads, tails and the makespan of the current
    /// orders; false when they contain a cycle.</summary>
    private bool Evaluate()
    {
        Array.Fill(_machinePred, -1);
        Array.Fill(_machineSucc, -1);
        for (var m = 1; m < _sequence.Length; m++)
        {
            var sequence = _sequence[m];
            for (var k = 1; k < sequence.Count; k++)
            {
                _machinePred[sequence[k]] = sequence[k - 1];
                _machineSucc[sequence[k - 1]] = sequence[k];
            }
        }

        var count = 0;
        for (var x = 0; x < _n; x++)
        {
            _indegree[x] = (_jobPred[x] >= 0 ? 1 : 0) + (_machinePred[x] >= 0 ? 1 : 0);
            if (_indegree[x] == 0)
            {
                _order[count++] = x;
            }
        }

        // Kahn's algorithm, using _order itself as the queue.
        for (var k = 0; k < count; k++)
        {
            var x = _order[k];
            long head = 0;
            if (_jobPred[x] is >= 0 and var jp)
            {
                head = _head[jp] + _duration[jp];
            }

            if (_machinePred[x] is >= 0 and var mp)
            {
                head = Math.Max(head, _head[mp] + _duration[mp]);
            }

            _head[x] = head;
            if (_jobSucc[x] is >= 0 and var js && --_indegree[js] == 0)
            {
                _order[count++] = js;
            }

            if (_machineSucc[x] is >= 0 and var ms && --_indegree[ms] == 0)
            {
                _order[count++] = ms;
            }
        }

        if (count < _n)
        {
            return false;
        }

        _makespan = 0;
        for (var k = _n - 1; k >= 0; k--)
        {
            var x = _order[k];
            long tail = 0;
            if (_jobSucc[x] is >= 0 and var js)
            {
                tail = _tail[js];
            }

            if (_machineSucc[x] is >= 0 and var ms)
            {
                tail = Math.Max(tail, _tail[ms]);
            }

            _tail[x] = tail + _duration[x];
            _makespan = Math.Max(_makespan, _head[x] + _tail[x]);
        }

        return true;
    }

    private FjspSchedule Snapshot()
    {
        var jobs = _instance.Jobs;
        var alternative = new int[jobs.Count][];
        var start = new long[jobs.Count][];
        for (var j = 0; j < jobs.Count; j++)
        {
            alternative[j] = [.. _flat[j].Select(x => _alt[x])];
            start[j] = [.. _flat[j].Select(x => _head[x])];
        }

        return new FjspSchedule(alternative, start, _makespan);
    }

    private (int[] Alt, int[][] Sequence) SaveState() => ([.. _alt], [.. _sequence.Select(s => s.ToArray())]);

    private void RestoreState((int[] Alt, int[][] Sequence) state)
    {
        Array.Copy(state.Alt, _alt, _n);
        for (var x = 0; x < _n; x++)
        {
            _duration[x] = _alternatives[x][_alt[x]].Duration;
        }

        for (var m = 0; m < _sequence.Length; m++)
        {
            _sequence[m].Clear();
            _sequence[m].AddRange(state.Sequence[m]);
        }
    }
}
