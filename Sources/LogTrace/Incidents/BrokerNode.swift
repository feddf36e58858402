/// A node id as a Kafka client prints it. The Java client (and the clients modelled on it) opens its
/// group-coordinator connection as a node of its own, numbered `Integer.MAX_VALUE` minus the broker's
/// id (`2147483646` is broker 1), so that it is never confused with the broker's ordinary connection.
public enum BrokerNode {
    /// Ids above this are coordinator connections: no cluster numbers its brokers that high.
    static let coordinatorFloor = 2_000_000_000

    /// The broker a node id stands for: itself, or the broker behind a coordinator connection; nil for
    /// the negative ids of bootstrap connections and for what is not a number.
    public static func brokerID(_ node: String) -> Int? {
        guard let n = Int(node), n >= 0 else { return nil }
        return n > coordinatorFloor ? Int(Int32.max) - n : n
    }

    /// `node 1`, or `node 2147483646 (coordinator of broker 1)`.
    public static func describe(_ node: String) -> String {
        guard let n = Int(node), n > coordinatorFloor, let broker = brokerID(node) else { return "node \(node)" }
        return "node \(node) (coordinator of broker \(broker))"
    }
}
