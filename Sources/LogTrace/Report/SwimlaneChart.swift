/// An incident as an inline SVG swimlane chart: a lane for the broker and one per service hit, each
/// service's impact bar (first failure to recovery), the broker's down and back markers, and a marker per
/// expired batch, on an axis in seconds after T+0 that no viewer's clock or time zone can shift.
/// Every shape carries its numbers (`data-start`, `data-end`, `data-offset`, in seconds) for programs.
struct SwimlaneChart {
    /// Services drawn as lanes; the rest are counted under the chart (the tables list them all).
    static let maximumLanes = 40
    static let width = 1280.0, labelWidth = 230.0, rightPadding = 28.0, laneHeight = 26.0, top = 30.0, barHeight = 14.0, markerWidth = 10.0

    /// One lane: its label, bars and point markers.
    struct Lane {
        var name: String
        var kind: String
        var bars: [Bar] = []
        var markers: [Marker] = []
    }

    /// A span on a lane, in seconds after T+0.
    struct Bar {
        var start: Double
        var end: Double
        var kind: String
        var title: String
    }

    /// A point on a lane (an expired batch), in seconds after T+0.
    struct Marker {
        var offset: Double
        var kind: String
        var title: String
    }

    let incident: Report.IncidentSection
    private(set) var lanes: [Lane] = []
    /// Services left out of the lanes (over `maximumLanes`).
    private(set) var omitted = 0
    /// The axis: from `low` to `high` seconds after T+0, a tick every `step`.
    private(set) var low = 0.0, high = 1.0, step = 1.0
    private(set) var brokerDownAt: Double?
    private(set) var brokerBackAt: Double?

    init(_ incident: Report.IncidentSection) {
        self.incident = incident
        var points: [Double] = [0, incident.durations.timeToFullRecoverySeconds]
        brokerDownAt = incident.brokerDown?.offsetSeconds
        brokerBackAt = incident.brokerBack?.offsetSeconds ?? incident.durations.timeToBrokerBackSeconds
        if let downAt = brokerDownAt ?? incident.phases.first?.offsetSeconds {
            let backAt = incident.durations.timeToBrokerBackSeconds ?? incident.durations.timeToFullRecoverySeconds
            let inferred = incident.brokerBackInferred || incident.brokerDown == nil
            lanes.append(Lane(name: incident.brokerDown.map { "broker " + $0.pod } ?? "broker", kind: "broker",
                              bars: [Bar(start: downAt, end: max(backAt, downAt), kind: inferred ? "outage inferred" : "outage",
                                         title: "broker away from \(MarkdownReport.offset(downAt)) to \(MarkdownReport.offset(backAt))"
                                            + (inferred ? " (inferred from the clients)" : ""))]))
            points += [downAt, backAt]
        }
        let lossesByService = Dictionary(grouping: incident.lost.items.filter { $0.verdict != LostMessageEstimate.Verdict.retried.rawValue }, by: \.service)
        for row in incident.services.prefix(Self.maximumLanes) {
            let start = row.firstFailure.offsetSeconds ?? 0
            let end = max(row.recovered.offsetSeconds ?? start, start)
            var lane = Lane(name: row.service, kind: "service")
            lane.bars.append(Bar(start: start, end: end, kind: "impact",
                                 title: "\(row.service): hit from \(MarkdownReport.offset(start)) to \(MarkdownReport.offset(end)), "
                                    + "\(MarkdownReport.seconds(row.impactSeconds)) (\(row.recoveryBasis))"))
            for item in lossesByService[row.service] ?? [] {
                let confirmed = item.verdict == LostMessageEstimate.Verdict.lost.rawValue
                lane.markers.append(Marker(offset: item.offsetSeconds, kind: confirmed ? "expired" : "possible",
                                           title: "\(MarkdownReport.offset(item.offsetSeconds)): \(item.records.map { "\($0) record\($0 == 1 ? "" : "s")" } ?? "records of unknown number") on \(item.topicPartition), \(item.verdict) (\(item.reason))"))
                points.append(item.offsetSeconds)
            }
            points += [start, end]
            lanes.append(lane)
        }
        omitted = max(0, incident.services.count - Self.maximumLanes)
        let lowest = points.min() ?? 0, highest = points.max() ?? 1
        step = Self.tickStep(span: max(highest - lowest, 1))
        low = (lowest / step).rounded(.down) * step
        high = max((highest / step).rounded(.up) * step, low + step)
    }

    /// The tick spacing that puts at most ten ticks on `span` seconds: 1, 2, 5, 10, 15, 30 s, 1, 2, 5,
    /// 10, 15, 30 min, 1, 2, 3, 6, 12 h, then whole days.
    static func tickStep(span: Double) -> Double {
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        if let step = steps.first(where: { span / $0 <= 10 }) { return step }
        return (span / 10 / 86400).rounded(.up) * 86400
    }

    /// The x of `seconds` after T+0.
    func x(_ seconds: Double) -> Double {
        Self.labelWidth + (seconds - low) / (high - low) * (Self.width - Self.labelWidth - Self.rightPadding)
    }

    var height: Double { Self.top + Double(lanes.count) * Self.laneHeight + 46 }

    /// The chart as an `<svg>` element; `id` makes its inner ids unique in the page.
    func svg(id: String) -> String {
        let axisY = Self.top + Double(lanes.count) * Self.laneHeight
        let titleText = "Incident \(incident.number): impact per service, seconds after T+0 (\(MarkdownReport.timeOfDay(incident.t0)) UTC)"
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"swimlanes\" id=\"\(id)\" viewBox=\"0 0 \(n(Self.width)) \(n(height))\" "
            + "width=\"\(n(Self.width))\" height=\"\(n(height))\" role=\"img\" aria-labelledby=\"\(id)-title\" "
            + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\" data-low=\"\(milli(low))\" data-high=\"\(milli(high))\">\n"
        out += "<title id=\"\(id)-title\">\(HTMLText.escape(titleText))</title>\n"
        // Grid and axis first, so that the bars sit on top.
        out += "<g class=\"axis\" data-unit=\"seconds after T+0\">\n"
        out += "<line x1=\"\(n(x(low)))\" y1=\"\(n(axisY))\" x2=\"\(n(x(high)))\" y2=\"\(n(axisY))\" stroke=\"#57606a\"/>\n"
        var tick = low
        while tick <= high + step / 2 {
            let tx = n(x(tick))
            let label = tick < 0 ? "−" + abs(tick).oneDecimal : tick.oneDecimal
            out += "<g class=\"tick\" data-seconds=\"\(milli(tick))\"><line x1=\"\(tx)\" y1=\"\(n(Self.top - 4))\" x2=\"\(tx)\" y2=\"\(n(axisY + 5))\" "
                + "stroke=\"\(tick == 0 ? "#57606a" : "#d8dee4")\"\(tick == 0 ? "" : " stroke-dasharray=\"2 3\"")/>"
                + "<text x=\"\(tx)\" y=\"\(n(axisY + 18))\" text-anchor=\"middle\" fill=\"#24292f\">\(label)</text></g>\n"
            tick += step
        }
        out += "<text class=\"axis-title\" x=\"\(n(x(high)))\" y=\"\(n(axisY + 36))\" text-anchor=\"end\" fill=\"#57606a\">seconds after T+0 (T+0 = \(HTMLText.escape(MarkdownReport.timeOfDay(incident.t0))) UTC)</text>\n"
        out += "</g>\n"
        for (i, lane) in lanes.enumerated() {
            let laneTop = Self.top + Double(i) * Self.laneHeight
            let middle = laneTop + Self.laneHeight / 2
            let label = lane.name.count > 32 ? String(lane.name.prefix(31)) + "…" : lane.name
            out += "<g class=\"lane\" data-kind=\"\(lane.kind)\" data-service=\"\(HTMLText.escape(lane.name, limit: 2000))\">\n"
            out += "<rect class=\"lane-bg\" x=\"0\" y=\"\(n(laneTop))\" width=\"\(n(Self.width))\" height=\"\(n(Self.laneHeight))\" fill=\"\(i % 2 == 0 ? "#f6f8fa" : "#ffffff")\"/>\n"
            out += "<g class=\"lane-label\"><title>\(HTMLText.escape(lane.name, limit: 2000))</title>"
                + "<text x=\"8\" y=\"\(n(middle + 4))\" fill=\"#24292f\"\(lane.kind == "broker" ? " font-weight=\"bold\"" : "")>\(HTMLText.escape(label))</text></g>\n"
            for bar in lane.bars {
                let x0 = x(bar.start), x1 = max(x(bar.end), x0 + 2)
                let fill = bar.kind.hasPrefix("outage") ? "#cf222e" : "#fb8f44"
                out += "<rect class=\"\(bar.kind)\" data-start=\"\(milli(bar.start))\" data-end=\"\(milli(bar.end))\" x=\"\(n(x0))\" y=\"\(n(middle - Self.barHeight / 2))\" "
                    + "width=\"\(n(x1 - x0))\" height=\"\(n(Self.barHeight))\" rx=\"2\" fill=\"\(fill)\""
                    + (bar.kind.hasSuffix("inferred") ? " fill-opacity=\"0.45\" stroke=\"#cf222e\" stroke-dasharray=\"4 2\"" : "")
                    + "><title>\(HTMLText.escape(bar.title, limit: 2000))</title></rect>\n"
            }
            // Markers closer than their own width are drawn as one, which counts them (`data-count`).
            var groups: [[Marker]] = []
            for marker in lane.markers.sorted(by: { ($0.kind, $0.offset) < ($1.kind, $1.offset) }) {
                if let first = groups.last?.first, first.kind == marker.kind, x(marker.offset) - x(first.offset) < Self.markerWidth {
                    groups[groups.count - 1].append(marker)
                } else {
                    groups.append([marker])
                }
            }
            for group in groups {
                let first = group[0], last = group[group.count - 1]
                let mx = x(first.offset), r = Self.markerWidth / 2
                let title = group.count == 1 ? first.title
                    : "\(group.count) \(first.kind == "expired" ? "confirmed" : "possibly") lost batches or sends from \(MarkdownReport.offset(first.offset)) to \(MarkdownReport.offset(last.offset)); the first: \(first.title)"
                out += "<path class=\"\(first.kind)\" data-offset=\"\(milli(first.offset))\" data-count=\"\(group.count)\" "
                    + "d=\"M\(n(mx)) \(n(middle - r))L\(n(mx + r)) \(n(middle))L\(n(mx)) \(n(middle + r))L\(n(mx - r)) \(n(middle))Z\" "
                    + (first.kind == "expired" ? "fill=\"#24292f\"" : "fill=\"#ffffff\" stroke=\"#24292f\"")
                    + "><title>\(HTMLText.escape(title, limit: 2000))</title></path>\n"
            }
            out += "</g>\n"
        }
        // Broker down and back: lines across every lane, labelled above them.
        out += "<g class=\"markers\">\n"
        if let down = brokerDownAt {
            out += marker("broker-down", at: down, label: "broker down " + MarkdownReport.offset(down), color: "#cf222e", dashed: false, anchor: "end", axisY: axisY)
        }
        if let back = brokerBackAt {
            out += marker("broker-back", at: back, label: "broker back " + MarkdownReport.offset(back) + (incident.brokerBackInferred ? " (inferred)" : ""),
                          color: "#1a7f37", dashed: incident.brokerBackInferred, anchor: "start", axisY: axisY)
        }
        out += "</g>\n"
        return out + "</svg>"
    }

    private func marker(_ kind: String, at offset: Double, label: String, color: String, dashed: Bool, anchor: String, axisY: Double) -> String {
        let mx = n(x(offset))
        return "<line class=\"\(kind)\" data-offset=\"\(milli(offset))\" x1=\"\(mx)\" y1=\"\(n(Self.top - 6))\" x2=\"\(mx)\" y2=\"\(n(axisY))\" stroke=\"\(color)\" stroke-width=\"2\""
            + (dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>"
            + "<text x=\"\(n(x(offset) + (anchor == "end" ? -4 : 4)))\" y=\"\(n(Self.top - 10))\" text-anchor=\"\(anchor)\" fill=\"\(color)\" font-weight=\"bold\">\(HTMLText.escape(label))</text>\n"
    }

    /// A coordinate, to a tenth of a pixel.
    private func n(_ value: Double) -> String { value.oneDecimal }

    /// Seconds to the millisecond, as the `data-` attributes carry them: `57.25`, `-0.4`, `0`.
    func milli(_ seconds: Double) -> String {
        let ms = Int64((seconds * 1000).rounded())
        let whole = abs(ms) / 1000, frac = abs(ms) % 1000
        var text = (ms < 0 ? "-" : "") + "\(whole)"
        if frac != 0 {
            var digits = String(frac)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
