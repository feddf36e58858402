/// Writes an `Encodable` value as JSON a piece at a time, byte for byte what Foundation's `JSONEncoder`
/// writes with `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when `pretty`), but
/// without building the whole tree first: an object's members are asked for their values only as each
/// is written, so what is held at any time is one path from the root, not the document.
///
/// Keys are sorted by their UTF-8 bytes, as `JSONEncoder` sorts them on Linux; `firstKey`, when the
/// top-level object has it, is written first. Text goes to `sink` in pieces of about 64 KiB.
public final class JSONStreamWriter {
    /// A value that JSON cannot hold (NaN, an infinity), named by its path.
    public struct InvalidValue: Error, CustomStringConvertible {
        public var description: String
    }

    private let pretty: Bool
    private let firstKey: String?
    private let sink: (String) -> Void
    private var buffer: [UInt8] = []
    private var indent = 0
    private let flushBytes: Int

    public init(pretty: Bool, firstKey: String? = nil, sink: @escaping (String) -> Void) {
        self.pretty = pretty
        self.firstKey = firstKey
        self.sink = sink
        self.flushBytes = 1 << 16
        buffer.reserveCapacity(flushBytes + 4096)
    }

    private init(compact: ()) {
        pretty = false
        firstKey = nil
        sink = { _ in }
        flushBytes = .max
    }

    /// `value` as compact JSON bytes (sorted keys, no spaces): what `JSONEncoder` with `.sortedKeys`
    /// and `.withoutEscapingSlashes` gives, for one line of JSON Lines.
    public static func compactBytes(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONStreamWriter(compact: ())
        try writer.writeValue(value, topLevel: true)
        return writer.buffer
    }

    /// Writes `value`, then the text still buffered.
    public func write(_ value: some Encodable) throws {
        try writeValue(value, topLevel: true)
        flush()
    }

    /// Appends raw text (a separator, a newline) to the output.
    public func writeRaw(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushBytes { flush() }
    }

    /// Hands the buffered text to the sink.
    public func flush() {
        guard !buffer.isEmpty else { return }
        sink(String(decoding: buffer, as: UTF8.self))
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: - Values

    /// What an encoder was given for one value, written once the value's `encode(to:)` has returned.
    fileprivate enum Entry {
        case text(String)
        case string(String)
        case value(any Encodable)
        case object(ObjectStore)
        case array(ArrayStore)
        case captured(Capture)
        /// An array being written as its elements come (`StreamedArray`).
        case streamed(StreamedArray)
    }

    private func writeValue(_ value: any Encodable, topLevel: Bool = false) throws {
        if let text = try Self.primitive(value) {
            return append(text)
        }
        if let string = value as? String {
            return writeString(string)
        }
        // The value is written here and now: an array it encodes goes out element by element.
        let capture = Capture(writer: self)
        try value.encode(to: capture)
        try writeCaptured(capture, topLevel: topLevel)
    }

    private func writeCaptured(_ capture: Capture, topLevel: Bool = false) throws {
        switch capture.storage {
        case .none: try writeObject(ObjectStore(), topLevel: topLevel)
        case .some(let entry): try writeEntry(entry, topLevel: topLevel)
        }
    }

    private func writeEntry(_ entry: Entry, topLevel: Bool = false) throws {
        switch entry {
        case .text(let text): append(text)
        case .string(let string): writeString(string)
        case .value(let value): try writeValue(value)
        case .object(let object): try writeObject(object, topLevel: topLevel)
        case .array(let array): try writeArray(array)
        case .captured(let capture): try writeCaptured(capture)
        case .streamed(let array): try array.finish()
        }
    }

    /// Opens an array written as its elements come.
    fileprivate func openStreamedArray() {
        append("[")
        if pretty {
            append("\n")
            indent += 1
        }
    }

    /// Writes the `index`-th element of a streamed array.
    fileprivate func writeStreamedElement(_ entry: Entry, index: Int) throws {
        if index > 0 { append(pretty ? ",\n" : ",") }
        if pretty { writeIndent() }
        try writeEntry(entry)
    }

    /// Closes a streamed array.
    fileprivate func closeStreamedArray() {
        if pretty {
            append("\n")
            indent -= 1
            writeIndent()
        }
        append("]")
    }

    private func writeObject(_ object: ObjectStore, topLevel: Bool) throws {
        append("{")
        if pretty {
            append("\n")
            indent += 1
            if !object.entries.isEmpty { writeIndent() }
        }
        let first = topLevel ? firstKey : nil
        let order = object.entries.indices.sorted { a, b in
            let x = object.entries[a].key, y = object.entries[b].key
            if let first, x == first || y == first { return x == first && y != first }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        for (n, index) in order.enumerated() {
            if n > 0 {
                append(",")
                if pretty {
                    append("\n")
                    writeIndent()
                }
            }
            writeString(object.entries[index].key)
            append(pretty ? " : " : ":")
            try writeEntry(object.entries[index].entry)
        }
        if pretty {
            append("\n")
            indent -= 1
            writeIndent()
        }
        append("}")
    }

    private func writeArray(_ array: ArrayStore) throws {
        append("[")
        if pretty {
            append("\n")
            indent += 1
        }
        for (n, entry) in array.entries.enumerated() {
            if n > 0 { append(pretty ? ",\n" : ",") }
            if pretty { writeIndent() }
            try writeEntry(entry)
        }
        if pretty {
            append("\n")
            indent -= 1
            writeIndent()
        }
        append("]")
    }

    private func writeIndent() {
        for _ in 0..<indent { buffer.append(0x20); buffer.append(0x20) }
    }

    private func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= flushBytes { flush() }
    }

    private func writeString(_ string: String) {
        Self.appendQuoted(string, to: &buffer)
        if buffer.count >= flushBytes { flush() }
    }

    /// `string` as a JSON string, quotes included, escaped as `JSONEncoder` escapes (slashes left alone).
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(0x22)
        appendEscaped(string, to: &out)
        out.append(0x22)
    }

    /// The inside of `appendQuoted`: runs of bytes that need no escape are copied whole.
    static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if index > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
                switch byte {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x08: out.append(0x5C); out.append(0x62)
                case 0x0C: out.append(0x5C); out.append(0x66)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 15)])
                }
            }
            if bytes.count > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x61 + value - 10 }

    /// The JSON text of a number or a Boolean, or nil for any other value.
    fileprivate static func primitive(_ value: Any) throws -> String? {
        switch value {
        case let v as Bool: return v ? "true" : "false"
        case let v as Int: return String(v)
        case let v as Int64: return String(v)
        case let v as Int32: return String(v)
        case let v as Int16: return String(v)
        case let v as Int8: return String(v)
        case let v as UInt: return String(v)
        case let v as UInt64: return String(v)
        case let v as UInt32: return String(v)
        case let v as UInt16: return String(v)
        case let v as UInt8: return String(v)
        case let v as Double: return try number(v.description, finite: v.isFinite)
        case let v as Float: return try number(v.description, finite: v.isFinite)
        default: return nil
        }
    }

    private static func number(_ description: String, finite: Bool) throws -> String {
        guard finite else { throw InvalidValue(description: "\(description) cannot be written in JSON") }
        return description.hasSuffix(".0") ? String(description.dropLast(2)) : description
    }

    // MARK: - Capturing what a value encodes

    fileprivate final class ObjectStore {
        var entries: [(key: String, entry: Entry)] = []
        /// Positions by key, made once the object has many members (a key set twice keeps the last value).
        private var positions: [String: Int]?

        func set(_ key: String, _ entry: Entry) {
            if positions == nil && entries.count >= 16 {
                positions = Dictionary(entries.indices.map { (entries[$0].key, $0) }, uniquingKeysWith: { $1 })
            }
            let found = positions != nil ? positions![key] : entries.firstIndex { $0.key == key }
            if let found {
                entries[found].entry = entry
            } else {
                positions?[key] = entries.count
                entries.append((key, entry))
            }
        }
    }

    fileprivate final class ArrayStore {
        var entries: [Entry] = []
    }

    /// An array whose elements are written as they are encoded, so that a list of any length is never
    /// held: each value goes out at once. A nested container may be filled after later elements come,
    /// so from the first one on the elements are held and written at the end.
    fileprivate final class StreamedArray {
        private unowned let writer: JSONStreamWriter
        private var written = 0
        private var held: [Entry] = []
        private var finished = false

        init(writer: JSONStreamWriter) {
            self.writer = writer
            writer.openStreamedArray()
        }

        var count: Int { written + held.count }

        func append(_ entry: Entry) throws {
            switch entry {
            case .object, .array, .captured:
                held.append(entry)
            default:
                if !held.isEmpty { return held.append(entry) }
                try writer.writeStreamedElement(entry, index: written)
                written += 1
            }
        }

        /// `append` for a nested container, which writes nothing yet and so cannot fail.
        func appendLater(_ entry: Entry) {
            held.append(entry)
        }

        func finish() throws {
            guard !finished else { return }
            finished = true
            for entry in held {
                try writer.writeStreamedElement(entry, index: written)
                written += 1
            }
            held = []
            writer.closeStreamedArray()
        }
    }

    /// The `Encoder` a value encodes itself into: it notes the container asked for and what goes in it;
    /// nested values are kept as they are, and encoded in turn when written.
    fileprivate final class Capture: Encoder {
        var storage: Entry?
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        /// Set when the value is being written at the writer's position now: its array can stream.
        private let writer: JSONStreamWriter?

        init(codingPath: [any CodingKey] = [], writer: JSONStreamWriter? = nil) {
            self.codingPath = codingPath
            self.writer = writer
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let store: ObjectStore
            if case .object(let existing) = storage { store = existing } else {
                store = ObjectStore()
                storage = .object(store)
            }
            return KeyedEncodingContainer(KeyedContainer<Key>(store: store, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .streamed(let array) = storage { return StreamedContainer(array: array, codingPath: codingPath) }
            if storage == nil, let writer {
                let array = StreamedArray(writer: writer)
                storage = .streamed(array)
                return StreamedContainer(array: array, codingPath: codingPath)
            }
            let store: ArrayStore
            if case .array(let existing) = storage { store = existing } else {
                store = ArrayStore()
                storage = .array(store)
            }
            return UnkeyedContainer(store: store, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(capture: self)
        }
    }

    fileprivate static func entry(_ value: some Encodable) throws -> Entry {
        if let text = try primitive(value) { return .text(text) }
        if let string = value as? String { return .string(string) }
        return .value(value)
    }

    fileprivate struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let store: ObjectStore
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { store.set(key.stringValue, .text("null")) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { store.set(key.stringValue, .text(value ? "true" : "false")) }
        mutating func encode(_ value: String, forKey key: Key) throws { store.set(key.stringValue, .string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { store.set(key.stringValue, try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { store.set(key.stringValue, try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { store.set(key.stringValue, .text(String(value))) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { store.set(key.stringValue, try JSONStreamWriter.entry(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectStore()
            store.set(key.stringValue, .object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(store: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayStore()
            store.set(key.stringValue, .array(nested))
            return UnkeyedContainer(store: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

        mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

        private func superEncoder(named name: String) -> any Encoder {
            let capture = Capture(codingPath: codingPath)
            store.set(name, .captured(capture))
            return capture
        }
    }

    fileprivate struct UnkeyedContainer: UnkeyedEncodingContainer {
        let store: ArrayStore
        let codingPath: [any CodingKey]
        var count: Int { store.entries.count }

        mutating func encodeNil() throws { store.entries.append(.text("null")) }
        mutating func encode(_ value: Bool) throws { store.entries.append(.text(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { store.entries.append(.string(value)) }
        mutating func encode(_ value: Int) throws { store.entries.append(.text(String(value))) }
        mutating func encode(_ value: Double) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Float) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int8) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int16) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int32) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int64) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt8) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt16) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt32) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt64) throws { store.entries.append(try JSONStreamWriter.entry(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { store.entries.append(try JSONStreamWriter.entry(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectStore()
            store.entries.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(store: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayStore()
            store.entries.append(.array(nested))
            return UnkeyedContainer(store: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let capture = Capture(codingPath: codingPath)
            store.entries.append(.captured(capture))
            return capture
        }
    }

    /// The container of a `StreamedArray`.
    fileprivate struct StreamedContainer: UnkeyedEncodingContainer {
        let array: StreamedArray
        let codingPath: [any CodingKey]
        var count: Int { array.count }

        mutating func encodeNil() throws { try array.append(.text("null")) }
        mutating func encode(_ value: Bool) throws { try array.append(.text(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { try array.append(.string(value)) }
        mutating func encode(_ value: Int) throws { try array.append(.text(String(value))) }
        mutating func encode(_ value: Double) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Float) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int8) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int16) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int32) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: Int64) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt8) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt16) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt32) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode(_ value: UInt64) throws { try array.append(try JSONStreamWriter.entry(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try array.append(try JSONStreamWriter.entry(value)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectStore()
            array.appendLater(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(store: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayStore()
            array.appendLater(.array(nested))
            return UnkeyedContainer(store: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let capture = Capture(codingPath: codingPath)
            array.appendLater(.captured(capture))
            return capture
        }
    }

    fileprivate struct SingleContainer: SingleValueEncodingContainer {
        let capture: Capture
        var codingPath: [any CodingKey] { capture.codingPath }

        mutating func encodeNil() throws { capture.storage = .text("null") }
        mutating func encode(_ value: Bool) throws { capture.storage = .text(value ? "true" : "false") }
        mutating func encode(_ value: String) throws { capture.storage = .string(value) }
        mutating func encode(_ value: Int) throws { capture.storage = .text(String(value)) }
        mutating func encode(_ value: Double) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: Float) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: Int8) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: Int16) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: Int32) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: Int64) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: UInt) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: UInt8) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: UInt16) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: UInt32) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode(_ value: UInt64) throws { capture.storage = try JSONStreamWriter.entry(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { capture.storage = try JSONStreamWriter.entry(value) }
    }
}
