package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.lab.node.LabNode;
import dunes.lab.node.NodeState;
import dunes.secrets.Destination;
import dunes.secrets.PropertySecretStore;
import dunes.secrets.Purpose;
import dunes.secrets.SecretBinding;
import dunes.secrets.SecretNotAllowedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SecureString input goes to a build's node only if the secret may be handed to the build's
 * nodes and the system the node passes it on to is one its binding names; otherwise nothing is
 * posted (a lab node on 127.0.38.21; the secrets bound to the lab's names, without patterns).
 */
class ForwardedSecretBindingTest {

  private static final String LICENCE = "Use vCenter Server license";

  @TempDir Path dir;
  VcoConfigLab lab;
  LabNode node;

  @BeforeEach
  void node() {
    lab = new VcoConfigLab(dir);
    node = lab.poweredOn("vcvco1", "127.0.38.21", Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(5)).until(node::state, NodeState.RUNNING::equals);
  }

  @AfterEach
  void close() {
    lab.close();
  }

  private HttpVcoConfigClient client(boolean vcenterToBuildNodes) {
    PropertySecretStore secrets = new PropertySecretStore(
        Map.of(VcoConfigLab.CONFIG.name(), VcoConfigLab.VCOADMIN_PASSWORD, VcoConfigLab.VCENTER.name(),
            lab.vcenterPassword),
        Map.of(VcoConfigLab.CONFIG.name(), bind("vco-rest", List.of(), true),
            VcoConfigLab.VCENTER.name(), bind("vcenter", List.of("vcenter.lab.local"), vcenterToBuildNodes)),
        name -> null);
    return new HttpVcoConfigClient(VcoConfigLab.FAST, secrets, null, lab.runs,
        VcoConfigProperties.DOCUMENTED.get("sso").id());
  }

  private static SecretBinding bind(String purpose, List<String> hosts, boolean buildNodes) {
    return SecretBinding.parse("dunes.secrets.bindings.test", List.of(purpose), hosts, buildNodes, false);
  }

  private static List<Input> licence(String vcenterHost) {
    return List.of(Input.string("vcenterHost", vcenterHost),
        Input.string("vcenterUser", "administrator@vsphere.local"), Input.secure("vcenterPassword",
            VcoConfigLab.VCENTER, Destination.to(Purpose.VCENTER, vcenterHost, 443)));
  }

  @Test
  void shouldHandTheNodeASecretForTheSystemItsBindingNames() {
    WorkflowResult run = client(true).converge(lab.target(node), LICENCE, licence("vcenter.lab.local"));

    assertThat(run.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(lab.runs(LICENCE)).isEqualTo(1);
  }

  @Test
  void shouldPostNothingWhenTheNodeWouldPassTheSecretOnToAnotherHost() {
    assertThatThrownBy(() -> client(true).converge(lab.target(node), LICENCE, licence("vcenter.attacker.example")))
        .isInstanceOf(SecretNotAllowedException.class)
        .hasMessageContaining("vcenter.attacker.example:443 (vcenter) through build node 127.0.38.21");
    assertThat(lab.runs(LICENCE)).isZero();
    assertThat(client(true).converge(lab.target(node), LICENCE, licence("vcenter.lab.local")).outcome())
        .as("no pending run was left behind to adopt").isEqualTo(Outcome.STARTED);
  }

  @Test
  void shouldPostNothingWhenTheSecretMayNotBeHandedToTheBuildsNodes() {
    assertThatThrownBy(() -> client(false).converge(lab.target(node), LICENCE, licence("vcenter.lab.local")))
        .isInstanceOf(SecretNotAllowedException.class).hasMessageContaining("nor build-nodes");
    assertThat(lab.runs(LICENCE)).isZero();
  }

  @Test
  void shouldHandNoSecretToAServerThatIsNoNodeOfTheBuild() {
    VcoConfigPort.Target reference = VcoConfigPort.Target.reference(node.address(), VcoConfigLab.PORTS.server(),
        node.servedCertificateFingerprint().orElseThrow(), new VcoConfigPort.Login("vcoadmin", VcoConfigLab.CONFIG));

    assertThatThrownBy(() -> client(true).converge(reference, LICENCE, licence("vcenter.lab.local")))
        .isInstanceOf(SecretNotAllowedException.class);
    assertThat(lab.runs(LICENCE)).isZero();
  }
}
