package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dunes.dns.DnsProperties;
import dunes.dns.DnsjavaNameLookup;
import dunes.dns.NameLookup;
import dunes.dns.RequestDns;
import dunes.dns.RequestZones;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.lab.dns.LabClusters;
import dunes.lab.dns.LabDns;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The lab's DNS is Debian's dnsmasq, and Dunes's lookups are dnsjava questions to it over UDP:
 * what the lab wrote is what the server answers, forward and reverse; the lab API's changes are
 * answered as soon as the call returns; a server that does not answer is told apart from a name
 * that does not exist.
 */
class LabDnsTest {

  private static final String ADDRESS = "127.0.60.53";
  private static final int PORT = 15353;
  private static final List<String> SERVERS = List.of(ADDRESS);
  private static final Map<String, String> LAB_NAMES = Map.of("vcenter.lab.local", "127.0.60.40",
      "vcvco1.lab.local", "127.0.60.11", "vcvco2.lab.local", "127.0.60.12");

  /** Two /24s for the clusters the lab hands out here. */
  private static final String CLUSTER_RANGE = "127.0.70.0-127.0.71.255";

  @TempDir Path dir;
  private LabDns dns;
  private final NameLookup lookup = new DnsjavaNameLookup(new DnsProperties(Duration.ofMillis(500), PORT));
  private MockMvc api;

  @BeforeEach
  void start() {
    dns = LabDns.start(Path.of("/usr/sbin/dnsmasq"), new LabDns.Settings(ADDRESS, PORT, "lab.local", dir), LAB_NAMES);
    StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("labDns", dns,
        "labClusters", new LabClusters(dns, CLUSTER_RANGE)));
    api = MockMvcBuilders.standaloneSetup(new LabApiController(new LabJournal(), new LabFaults(),
        beans.getBeanProvider(LabDns.class), beans.getBeanProvider(LabClusters.class))).build();
  }

  @AfterEach
  void stop() {
    dns.close();
  }

  @Test
  void shouldServeTheLabsNamesForwardAndReverse() throws Exception {
    assertThat(lookup.forward("vcenter.lab.local", SERVERS)).containsExactly("127.0.60.40");
    assertThat(lookup.forward("VCVCO1.lab.local.", SERVERS)).as("case and the root's dot").containsExactly("127.0.60.11");
    assertThat(lookup.reverse("127.0.60.11", SERVERS)).containsExactly("vcvco1.lab.local");
    assertThat(lookup.reverse("127.0.60.40", SERVERS)).containsExactly("vcenter.lab.local");
    assertThat(Files.readString(dir.resolve("hosts.d/lab.hosts"))).contains("127.0.60.40 vcenter.lab.local");
  }

  @Test
  void shouldAnswerEmptyForANameOrAddressTheZoneLacks() {
    assertThat(lookup.forward("nowhere.lab.local", SERVERS)).isEmpty();
    assertThat(lookup.reverse("127.0.60.99", SERVERS)).isEmpty();
  }

  @Test
  void shouldServeANameAddedThroughTheLabApiAsSoonAsTheCallReturns() throws Exception {
    api.perform(put("/lab/api/dns/added.lab.local").contentType(MediaType.APPLICATION_JSON)
        .content("{\"address\":\"127.0.60.70\"}")).andExpect(status().isOk());
    assertThat(lookup.forward("added.lab.local", SERVERS)).containsExactly("127.0.60.70");
    assertThat(lookup.reverse("127.0.60.70", SERVERS)).containsExactly("added.lab.local");
    assertThat(Files.readString(dir.resolve("hosts.d/127.0.60.70.hosts"))).isEqualTo("127.0.60.70 added.lab.local\n");

    api.perform(delete("/lab/api/dns/added.lab.local")).andExpect(status().isNoContent());
    assertThat(lookup.forward("added.lab.local", SERVERS)).isEmpty();
    api.perform(delete("/lab/api/dns/added.lab.local")).andExpect(status().isNotFound());
  }

  @Test
  void shouldDeleteOneOfTheLabsOwnNamesAndKeepItDeletedAcrossARestart() throws Exception {
    api.perform(delete("/lab/api/dns/vcvco2.lab.local")).andExpect(status().isNoContent());
    assertThat(lookup.forward("vcvco2.lab.local", SERVERS)).isEmpty();
    assertThat(lookup.reverse("127.0.60.12", SERVERS)).isEmpty();
    dns.put("later.lab.local", "127.0.60.71");

    dns.close();
    dns = LabDns.start(Path.of("/usr/sbin/dnsmasq"), new LabDns.Settings(ADDRESS, PORT, "lab.local", dir), LAB_NAMES);
    assertThat(lookup.forward("vcvco2.lab.local", SERVERS)).as("deleted before the restart").isEmpty();
    assertThat(lookup.forward("later.lab.local", SERVERS)).as("added before the restart").containsExactly("127.0.60.71");
    assertThat(lookup.forward("vcvco1.lab.local", SERVERS)).containsExactly("127.0.60.11");
  }

  @Test
  void shouldServeAWrongReverseRecordWhileTheForwardRecordsStay() throws Exception {
    api.perform(put("/lab/api/dns/reverse/127.0.60.11").contentType(MediaType.APPLICATION_JSON)
        .content("{\"name\":\"old.lab.local\"}")).andExpect(status().isOk());
    assertThat(lookup.reverse("127.0.60.11", SERVERS)).containsExactly("old.lab.local");
    assertThat(lookup.forward("vcvco1.lab.local", SERVERS)).containsExactly("127.0.60.11");
    assertThat(lookup.forward("old.lab.local", SERVERS)).as("a hosts line is an A record too").containsExactly("127.0.60.11");

    api.perform(delete("/lab/api/dns/reverse/127.0.60.11")).andExpect(status().isNoContent());
    assertThat(lookup.reverse("127.0.60.11", SERVERS)).containsExactly("vcvco1.lab.local");
    assertThat(lookup.forward("old.lab.local", SERVERS)).isEmpty();
    assertThat(starts()).as("every change served without restarting dnsmasq").isEqualTo(1);
  }

  @Test
  void shouldNameAnAddressAfterTheNameLastPutThereAndAfterTheOneLeftWhenItGoes() {
    dns.put("first.lab.local", "127.0.60.72");
    dns.put("second.lab.local", "127.0.60.72");
    assertThat(lookup.reverse("127.0.60.72", SERVERS)).containsExactly("second.lab.local");
    assertThat(lookup.forward("first.lab.local", SERVERS)).containsExactly("127.0.60.72");

    dns.put("vcvco1.lab.local", "127.0.60.72"); // one of the lab's own names, moved
    assertThat(lookup.reverse("127.0.60.72", SERVERS)).containsExactly("vcvco1.lab.local");
    assertThat(lookup.reverse("127.0.60.11", SERVERS)).as("its old address").isEmpty();
    dns.put("vcvco2.lab.local", "127.0.60.12"); // on its own address again: it owns the PTR there too
    assertThat(lookup.reverse("127.0.60.12", SERVERS)).containsExactly("vcvco2.lab.local");

    dns.delete("vcvco1.lab.local");
    assertThat(lookup.reverse("127.0.60.72", SERVERS)).as("the name put before").containsExactly("second.lab.local");
    dns.delete("second.lab.local");
    assertThat(lookup.reverse("127.0.60.72", SERVERS)).containsExactly("first.lab.local");
    assertThat(starts()).as("every change served without restarting dnsmasq").isEqualTo(1);
  }

  @Test
  void shouldMoveTheRecordsOfAnEarlierLayoutIntoTheirAddressesFiles() throws Exception {
    dns.close();
    Files.writeString(dir.resolve("hosts.d/kept.lab.local.hosts"), "127.0.60.73 kept.lab.local\n");
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/ptr-127.0.60.73.conf"), "ptr-record=73.60.0.127.in-addr.arpa,old.lab.local\n");

    dns = LabDns.start(Path.of("/usr/sbin/dnsmasq"), new LabDns.Settings(ADDRESS, PORT, "lab.local", dir), LAB_NAMES);

    assertThat(lookup.forward("kept.lab.local", SERVERS)).containsExactly("127.0.60.73");
    assertThat(lookup.reverse("127.0.60.73", SERVERS)).containsExactly("old.lab.local");
    assertThat(dns.records().reverseOverrides()).containsEntry("127.0.60.73", "old.lab.local");
    assertThat(dir.resolve("conf.d")).doesNotExist();
    assertThat(dir.resolve("hosts.d/kept.lab.local.hosts")).doesNotExist();
  }

  @Test
  void shouldHandOutAClusterOnFreeAddressesServedForwardAndReverseAndTakeItBack() throws Exception {
    dns.put("taken.lab.local", "127.0.70.2"); // the first host address of the range is someone's already

    JsonNode cluster = allocate(3, 201);
    assertThat(cluster.get("name").asText()).isEqualTo("lc1");
    assertThat(cluster.get("virtualIp").asText()).isEqualTo("127.0.70.3");
    assertThat(cluster.get("gateway").asText()).isEqualTo("127.0.70.1");
    assertThat(cluster.get("nodes").findValuesAsText("ip")).containsExactly("127.0.70.4", "127.0.70.5", "127.0.70.6");
    assertThat(lookup.forward("lc1.lab.local", SERVERS)).containsExactly("127.0.70.3");
    assertThat(lookup.reverse("127.0.70.3", SERVERS)).containsExactly("lc1.lab.local");
    for (JsonNode node : cluster.get("nodes")) {
      assertThat(lookup.forward(node.get("fqdn").asText(), SERVERS)).containsExactly(node.get("ip").asText());
      assertThat(lookup.reverse(node.get("ip").asText(), SERVERS)).containsExactly(node.get("fqdn").asText());
    }
    assertThat(lookup.reverse("127.0.70.2", SERVERS)).as("the address taken before").containsExactly("taken.lab.local");

    JsonNode big = allocate(250, 201);
    assertThat(big.get("virtualIp").asText()).as("one /24 per cluster: the first has no 251 free left")
        .isEqualTo("127.0.71.2");
    assertThat(big.get("nodes").get(249).get("ip").asText()).isEqualTo("127.0.71.252");
    allocate(250, 409); // the range is used up

    api.perform(delete("/lab/api/clusters/lc1")).andExpect(status().isNoContent());
    assertThat(lookup.forward("lc1.lab.local", SERVERS)).isEmpty();
    assertThat(lookup.forward("lc1-2.lab.local", SERVERS)).isEmpty();
    assertThat(lookup.reverse("127.0.70.3", SERVERS)).isEmpty();
    api.perform(delete("/lab/api/clusters/lc1")).andExpect(status().isNotFound());
    assertThat(allocate(2, 201).get("name").asText()).as("a released name is not handed out again").isEqualTo("lc3");
  }

  /** How often dnsmasq started on this log: once per lab start, when no change restarts it. */
  private long starts() {
    try (var lines = Files.lines(dir.resolve("dnsmasq.log"))) {
      return lines.filter(l -> l.contains("started, version")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private JsonNode allocate(int nodes, int expectedStatus) throws Exception {
    String body = api.perform(post("/lab/api/clusters").contentType(MediaType.APPLICATION_JSON)
        .content("{\"nodes\":" + nodes + "}")).andExpect(status().is(expectedStatus))
        .andReturn().getResponse().getContentAsString();
    return new ObjectMapper().readTree(body);
  }

  @Test
  void shouldRefuseWhatIsNoRecord() throws Exception {
    api.perform(put("/lab/api/dns/bad_name.lab.local").contentType(MediaType.APPLICATION_JSON)
        .content("{\"address\":\"127.0.60.70\"}")).andExpect(status().isBadRequest());
    api.perform(put("/lab/api/dns/ok.lab.local").contentType(MediaType.APPLICATION_JSON)
        .content("{\"address\":\"not-an-address\"}")).andExpect(status().isBadRequest());
    assertThat(lookup.forward("ok.lab.local", SERVERS)).isEmpty();
  }

  @Test
  void shouldTellADeadServerFromAMissingNameAndAskTheNextServer() {
    List<String> dead = List.of("127.0.60.54:" + PORT);
    assertThatThrownBy(() -> lookup.forward("vcenter.lab.local", dead))
        .isInstanceOf(NameLookup.DnsUnavailableException.class).hasMessageContaining("127.0.60.54:" + PORT);
    assertThatThrownBy(() -> lookup.reverse("127.0.60.40", dead)).isInstanceOf(NameLookup.DnsUnavailableException.class);
    assertThat(lookup.forward("vcenter.lab.local", List.of("127.0.60.54", ADDRESS + ":" + PORT)))
        .as("the second server answers").containsExactly("127.0.60.40");
  }

  @Test
  void shouldResolveAClientsNameInARequestZoneAtThatRequestsServersOnly() throws Exception {
    RequestZones zones = new RequestZones();
    RequestDns resolver = new RequestDns(zones, lookup);
    assertThatThrownBy(() -> resolver.resolve("vcenter.lab.local")).as("no request names the zone yet")
        .isInstanceOf(UnknownHostException.class);

    zones.learn("lab.local", SERVERS);
    assertThat(Arrays.stream(resolver.resolve("vcenter.lab.local")).map(InetAddress::getHostAddress))
        .containsExactly("127.0.60.40");
    assertThatThrownBy(() -> resolver.resolve("nowhere.lab.local")).isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("no A record");
    assertThat(resolver.resolve("localhost")[0].isLoopbackAddress()).as("outside every zone: the JVM's resolver").isTrue();

    zones.learn("sub.lab.local", List.of("127.0.60.54")); // the longest suffix wins: a server that is down
    assertThatThrownBy(() -> resolver.resolve("x.sub.lab.local")).isInstanceOf(UnknownHostException.class)
        .hasCauseInstanceOf(NameLookup.DnsUnavailableException.class);
  }
}
