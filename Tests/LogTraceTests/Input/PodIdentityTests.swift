import XCTest
@testable import LogTrace

final class PodIdentityTests: XCTestCase {
    func testDeploymentPodFileName() {
        let id = PodIdentity.resolve(path: "logs/shopping-service-7d9f8c6b5-x2k4p.log.gz")
        XCTAssertEqual(id.service, "shopping-service")
        XCTAssertEqual(id.pod, "shopping-service-7d9f8c6b5-x2k4p")
    }

    func testStatefulSetPod() {
        XCTAssertEqual(PodIdentity.resolve(path: "kafka-0.log").service, "kafka")
    }

    func testVarLogPodsPath() {
        let id = PodIdentity.resolve(path: "/var/log/pods/portal-universe_notification-service-5c8f7d9b4-h6jkl_3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f/notification-service/0.log.20261124-100500.gz")
        XCTAssertEqual(id.service, "notification-service")
        XCTAssertEqual(id.pod, "notification-service-5c8f7d9b4-h6jkl")
        XCTAssertEqual(id.container, "notification-service")
        XCTAssertEqual(id.namespace, "portal-universe")
        XCTAssertEqual(id.restartCount, 0)
        XCTAssertEqual(PodIdentity.resolve(path: "/var/log/pods/ns_web-5c8f7d9b4-h6jkl_3f2b/web/3.log").restartCount, 3)
        XCTAssertNil(PodIdentity.resolve(path: "web-5c8f7d9b4-h6jkl.log").restartCount, "only kubelet's N.log says")
    }

    func testPlainNameStaysWhole() {
        XCTAssertEqual(PodIdentity.resolve(path: "order-service.log").service, "order-service")
    }

    func testOverrideWins() {
        let override = ServiceOverride(argument: "payments=*pay*")!
        XCTAssertEqual(PodIdentity.resolve(path: "x/pay-7d9f8c6b5-x2k4p.log", overrides: [override]).service, "payments")
        XCTAssertNil(ServiceOverride(argument: "=x"))
        XCTAssertNil(ServiceOverride(argument: "name="))
    }
}
