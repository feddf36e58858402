import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An HTML page read by a real XML parser (Foundation's `XMLParser`, libxml2): the report is well-formed
/// XHTML, so a page that does not parse fails here. Elements keep their names, attributes and children.
final class HTMLTree {
    let name: String
    let attributes: [String: String]
    private(set) var children: [HTMLTree] = []
    /// All text inside, children's included, in document order.
    private(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The parsed page, or the parser's error (with its line) when it is not well-formed.
    static func parse(_ text: String) throws -> HTMLTree {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw ParseError(description: "not well-formed at line \(parser.lineNumber), column \(parser.columnNumber): "
                             + (parser.parserError.map { "\($0)" } ?? "no root"))
        }
        return root
    }

    struct ParseError: Error, CustomStringConvertible { let description: String }

    /// Every element below (and including) this one named `name`, in document order.
    func all(_ name: String) -> [HTMLTree] {
        (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
    }

    /// Every element below (and including) this one, in document order.
    var descendants: [HTMLTree] { [self] + children.flatMap(\.descendants) }

    func hasClass(_ name: String) -> Bool { (attributes["class"] ?? "").split(separator: " ").contains { $0 == name } }

    /// The table's header cells and its body rows as cell elements.
    var tableHeader: [String] { all("thead").first?.all("th").map(\.text) ?? [] }
    var tableRows: [[HTMLTree]] { all("tbody").first?.all("tr").map { $0.all("td") } ?? [] }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: HTMLTree?
        var stack: [HTMLTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node = HTMLTree(name: elementName, attributes: attributes)
            stack.last?.children.append(node)
            if root == nil { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for node in stack { node.text += string }
        }
    }
}
