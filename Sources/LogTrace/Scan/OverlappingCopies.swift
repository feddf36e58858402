/// Finds the events that two files of one pod both hold, so that each record is counted once: a file
/// and its gzip copy, the kubectl and CRI copies of a pod, rotated files that overlap.
///
/// A record is named by its pod, its time (the runtime's envelope timestamp in nanoseconds, which
/// `kubectl logs --timestamps` prints as CRI stores it; else the application's; else the one it
/// inherited) and the `ContentHash` of its text with the envelope removed. Within a file, records with
/// the same name are real repeats: the n-th of them in one file is a copy of the n-th in another. Of
/// each record, the file first by path keeps its event; the others' are set aside and counted against
/// the pair. Untimed events (no timestamp in or before them in their file) have no name and are kept.
/// The outcome depends only on the events, never on their order or on how files were grouped into shards.
public enum OverlappingCopies {
    /// Splits `sorted` (in `Event.precedes` order) into the events kept and the copies set aside, both
    /// in that order, and the overlapping pairs of files, by kept file, then copy.
    public static func separate(_ sorted: [Event]) -> (kept: [Event], copies: [Event], overlaps: [FileOverlap]) {
        var kept = sorted
        let (copies, overlaps) = separate(&kept)
        return (kept, copies, overlaps)
    }

    /// `separate`, in place: `events` (sorted) keeps the events kept, in order, and the copies are
    /// returned; no second list of the events is made.
    public static func separate(_ events: inout [Event]) -> (copies: [Event], overlaps: [FileOverlap]) {
        var copies: [Event] = []
        var pairs: [Pair: FileOverlap] = [:]
        var start = 0
        var write = 0
        let count = events.count
        while start < count {
            // Copies share their time, and events are sorted by time first: only a run of equal times
            // coming from more than one file can hold any.
            let first = events[start]
            var end = start + 1
            var manyFiles = false
            while end < count && events[end].time == first.time {
                if events[end].origin !== first.origin && events[end].file != first.file { manyFiles = true }
                end += 1
            }
            if manyFiles {
                let run = Array(events[start..<end])
                let dropped = copiesIn(run, pairs: &pairs)
                for (event, isCopy) in zip(run, dropped) {
                    if isCopy {
                        copies.append(event)
                    } else {
                        events[write] = event
                        write += 1
                    }
                }
            } else if write == start {
                write = end
            } else {
                for index in start..<end {
                    events[write] = events[index]
                    write += 1
                }
            }
            start = end
        }
        events.removeLast(count - write)
        let overlaps = pairs.values.sorted { ($0.kept, $0.copy) < ($1.kept, $1.copy) }
        return (copies, overlaps)
    }

    private struct Pair: Hashable {
        var kept: String
        var copy: String
    }

    private struct Name: Hashable {
        var pod: String
        var hash: ContentHash
    }

    /// Which events of `run` (one time, sorted by file, then line) are copies; counts each in `pairs`.
    private static func copiesIn(_ run: [Event], pairs: inout [Pair: FileOverlap]) -> [Bool] {
        var byName: [Name: [Int]] = [:]
        for (index, event) in run.enumerated() {
            guard let hash = event.contentHash else { continue }
            byName[Name(pod: event.pod, hash: hash), default: []].append(index)
        }
        var dropped = [Bool](repeating: false, count: run.count)
        for members in byName.values where members.count > 1 {
            // keepers[n]: the file that kept the n-th record of this name, the first by path holding one.
            var keepers: [String] = []
            var next = 0
            while next < members.count {
                let file = run[members[next]].file
                let heldBefore = keepers.count
                var occurrence = 0
                while next < members.count && run[members[next]].file == file {
                    let event = run[members[next]]
                    if occurrence < heldBefore {
                        dropped[members[next]] = true
                        let pair = Pair(kept: keepers[occurrence], copy: file)
                        if var overlap = pairs[pair] {
                            overlap.events += 1
                            overlap.firstTime = min(overlap.firstTime, event.time)
                            overlap.lastTime = max(overlap.lastTime, event.time)
                            pairs[pair] = overlap
                        } else {
                            pairs[pair] = FileOverlap(kept: pair.kept, copy: file, events: 1, firstTime: event.time, lastTime: event.time)
                        }
                    } else {
                        keepers.append(file)
                    }
                    occurrence += 1
                    next += 1
                }
            }
        }
        return dropped
    }
}
