package dunes.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.edge.xml.ApplicationProfile;
import dunes.edge.xml.EdgeXml;
import dunes.edge.xml.LoadBalancer;
import dunes.edge.xml.Member;
import dunes.edge.xml.Pool;
import dunes.edge.xml.PoolRef;
import dunes.edge.xml.ServicePort;
import dunes.edge.xml.VirtualServer;
import dunes.edge.xml.Vnic;
import dunes.lab.LabFaults;
import java.net.InetAddress;
import org.apache.hc.client5.http.impl.InMemoryDnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The edge client against the lab's vShield Manager (API on 127.0.20.30, virtual IP 127.0.20.31). */
@ExtendWith(OutputCaptureExtension.class)
class HttpEdgeClientTest {

  static final String API = "127.0.20.30";
  static final String VIP = "127.0.20.31";
  static final String OTHER_FINGERPRINT = "AB:".repeat(31) + "AB";

  EdgeTestLab lab;
  HttpEdgeClient client;
  EdgePort.Target target;

  @BeforeEach
  void start() {
    lab = new EdgeTestLab(API);
    client = lab.client();
    target = lab.target();
  }

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void shouldReadTheConfigurationAsTextAndAsModel() {
    String xml = client.configXml(target);
    LoadBalancer config = client.config(target);

    assertThat(xml).isEqualTo(lab.edge.configXml());
    assertThat(config.isEnabled()).isFalse();
    assertThat(config.pools).isEmpty();
  }

  @Test
  void shouldPutTheWholeConfigurationAndPutATextBackExactly() {
    String before = client.configXml(target);

    client.putConfigXml(target, before.replace("<enabled>false</enabled>", "<enabled>true</enabled>"));
    assertThat(client.config(target).isEnabled()).isTrue();
    client.putConfigXml(target, before);

    assertThat(lab.edge.configXml()).isEqualTo(before);
    assertThat(lab.journal.entries("edge")).extracting(e -> e.operation())
        .containsExactly("put-config", "publish", "put-config", "publish");
  }

  @Test
  void shouldReadAndPutAVnicAsText() {
    String before = client.vnicXml(target, 0);
    assertThat(before).isEqualTo(lab.edge.vnicXml(0)).contains("<portgroupId>", "<mtu>1500</mtu>");
    Vnic vnic = client.vnic(target, 0);
    String withVip = before.replace("</primaryAddress>", "</primaryAddress><secondaryAddresses><ipAddress>" + VIP
        + "</ipAddress></secondaryAddresses>");

    client.putVnicXml(target, 0, withVip);

    assertThat(vnic.isConnected).isTrue();
    assertThat(vnic.addressGroups.groups).extracting(g -> g.primaryAddress).containsExactly("127.0.0.1");
    assertThat(client.vnicXml(target, 0)).isEqualTo(withVip);
    assertThat(lab.count("update-vnic")).isEqualTo(1);
  }

  @Test
  void shouldAddListAndUpdatePoolsAndVirtualServersUnderTheManagersIds() {
    enableWithVip();
    Pool pool = pool("web", "127.0.20.11");

    String poolId = client.addPool(target, pool);
    String serverId = client.addVirtualServer(target, server("web-vip", poolId));
    pool.members.get(0).ipAddress = "127.0.20.12";
    client.updatePoolXml(target, poolId, EdgeXml.write(pool));
    VirtualServer disabled = server("web-vip", poolId);
    disabled.enabled = false;
    client.updateVirtualServerXml(target, serverId, EdgeXml.write(disabled));

    assertThat(poolId).isEqualTo("pool-1");
    assertThat(serverId).isEqualTo("virtualServer-1");
    assertThat(client.pools(target)).singleElement().satisfies(p -> {
      assertThat(p.id).isEqualTo(poolId);
      assertThat(p.members).extracting(m -> m.ipAddress).containsExactly("127.0.20.12");
    });
    assertThat(client.virtualServers(target)).singleElement().satisfies(v -> {
      assertThat(v.id).isEqualTo(serverId);
      assertThat(v.isEnabled()).isFalse();
    });
    assertThat(lab.count("add-pool")).isEqualTo(1);
    assertThat(lab.count("update-pool")).isEqualTo(1);
    assertThat(lab.count("add-virtual-server")).isEqualTo(1);
    assertThat(lab.count("update-virtual-server")).isEqualTo(1);
  }

  @Test
  void shouldSayTheLoginWasRefusedWithoutShowingThePassword(CapturedOutput output) {
    String wrong = "wrong-" + lab.password;

    assertThatThrownBy(() -> lab.client(wrong, null).config(target))
        .isInstanceOf(EdgeAuthenticationException.class)
        .hasMessageContaining("refused the login 'admin' with the password from secret 'vsm-admin' (HTTP 401)")
        .message().doesNotContain(wrong).doesNotContain(lab.password);
    assertThat(output).doesNotContain(wrong).doesNotContain(lab.password);
  }

  @Test
  void shouldNameWhatTheManagerDoesNotHave() {
    EdgePort.Target otherEdge = new EdgePort.Target(target.managerUrl(), "edge-9", EdgeTestLab.USER,
        EdgeTestLab.PASSWORD, target.fingerprint());

    assertThatThrownBy(() -> client.config(otherEdge))
        .isInstanceOfSatisfying(EdgeNotFoundException.class, e -> assertThat(e.what()).isEqualTo("edge 'edge-9'"))
        .hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> client.updatePoolXml(target, "pool-7", EdgeXml.write(pool("web", "127.0.20.11"))))
        .isInstanceOfSatisfying(EdgeNotFoundException.class, e -> assertThat(e.what()).isEqualTo("pool 'pool-7'"))
        .hasMessageContaining("PUT /api/3.0/edges/edge-1/loadbalancer/config/pools/pool-7");
  }

  @Test
  void shouldCarryTheManagersDetailsWhenItRefusesAChange() {
    client.putConfigXml(target, "<loadBalancer><enabled>true</enabled></loadBalancer>");
    String poolId = client.addPool(target, pool("web", "127.0.20.11"));
    String before = lab.edge.configXml();

    assertThatThrownBy(() -> client.addVirtualServer(target, server("web-vip", poolId)))
        .isInstanceOfSatisfying(EdgeRefusedException.class, e -> assertThat(e.details())
            .contains(VIP, "is not configured on any vNIC").doesNotContain("<error>"))
        .hasMessageContaining("POST /api/3.0/edges/edge-1/loadbalancer/config/virtualservers was refused (HTTP 400)");
    assertThat(lab.edge.configXml()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAManagerWhoseCertificateIsNotThePinnedOneBeforeAnyRequest() {
    lab.faults.inject("edge:api:config", LabFaults.Kind.HTTP_500, 1);
    EdgePort.Target pinnedElsewhere = new EdgePort.Target(target.managerUrl(), target.edgeId(), EdgeTestLab.USER,
        EdgeTestLab.PASSWORD, OTHER_FINGERPRINT);

    assertThatThrownBy(() -> client.putConfigXml(pinnedElsewhere, "<loadBalancer><enabled>true</enabled></loadBalancer>"))
        .isInstanceOf(EdgeTrustException.class)
        .hasMessageContaining("before any request")
        .hasMessageContaining(OTHER_FINGERPRINT);
    assertThat(lab.faults.next("edge:api:config")).as("no request reached the manager").hasValue(LabFaults.Kind.HTTP_500);
    assertThat(lab.journal.entries("edge")).isEmpty();
  }

  @Test
  void shouldReportAFailingOrStoppedManagerAsUnavailable() {
    lab.faults.inject("edge:api:config", LabFaults.Kind.HTTP_500, 1);

    assertThatThrownBy(() -> client.config(target)).isInstanceOf(EdgeUnavailableException.class)
        .hasMessageContaining("answered HTTP 500");
    lab.close();
    assertThatThrownBy(() -> client.config(target)).isInstanceOf(EdgeUnavailableException.class);
  }

  @Test
  void shouldNameTheCallWhenTheAnswerIsNoEdgeXml() {
    lab.faults.inject("edge:api:config", LabFaults.Kind.GARBAGE, 1);

    assertThatThrownBy(() -> client.config(target)).isInstanceOf(EdgeProtocolException.class)
        .hasMessageContaining("the load balancer configuration is not the expected XML");
  }

  @Test
  void shouldReachTheManagerByANameTheResolverKnows() throws Exception {
    InMemoryDnsResolver names = new InMemoryDnsResolver();
    names.add("vsm.lab.local", InetAddress.getByName(API));
    EdgePort.Target byName = new EdgePort.Target("https://vsm.lab.local:" + lab.edge.url().getPort(), "edge-1",
        EdgeTestLab.USER, EdgeTestLab.PASSWORD, target.fingerprint());

    assertThat(lab.client(lab.password, names).configXml(byName)).isEqualTo(lab.edge.configXml());
  }

  @Test
  void shouldShowNoSecretInATarget() {
    assertThat(target.toString()).isEqualTo("edge 'edge-1' on " + lab.edge.url() + " (user admin)");
    assertThatThrownBy(() -> new EdgePort.Target("http://vsm.lab.local", "edge-1", "admin", EdgeTestLab.PASSWORD, "AB"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://host[:port]");
    assertThatThrownBy(() -> new EdgePort.Target(target.managerUrl(), "../edge-1", "admin", EdgeTestLab.PASSWORD, "AB"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an edge id");
  }

  private void enableWithVip() {
    client.putVnicXml(target, 0, client.vnicXml(target, 0).replace("</primaryAddress>",
        "</primaryAddress><secondaryAddresses><ipAddress>" + VIP + "</ipAddress></secondaryAddresses>"));
    client.putConfigXml(target, "<loadBalancer><enabled>true</enabled></loadBalancer>");
  }

  /** A TCP pool on 18287 with one member: the client's tests need no build. */
  static Pool pool(String name, String member) {
    ServicePort service = new ServicePort();
    service.protocol = "TCP";
    service.algorithm = "ROUND_ROBIN";
    service.port = 18287;
    Member m = new Member();
    m.ipAddress = member;
    m.weight = 1;
    Pool pool = new Pool();
    pool.name = name;
    pool.servicePorts.add(service);
    pool.members.add(m);
    return pool;
  }

  static VirtualServer server(String name, String poolId) {
    ApplicationProfile profile = new ApplicationProfile();
    profile.protocol = "TCP";
    profile.port = 18287;
    VirtualServer server = new VirtualServer();
    server.name = name;
    server.enabled = true;
    server.ipAddress = VIP;
    server.applicationProfiles.add(profile);
    server.pool = new PoolRef();
    server.pool.id = poolId;
    return server;
  }
}
