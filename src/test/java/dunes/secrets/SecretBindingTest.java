package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Where a binding lets a secret go: hosts, ports, patterns, purposes and the build's own nodes. */
class SecretBindingTest {

  private static final SecretRef VCENTER = new SecretRef("vcenter-admin");

  private static SecretBinding binding(List<String> purposes, List<String> hosts, boolean buildNodes) {
    return SecretBinding.parse("dunes.secrets.bindings.vcenter-admin", purposes, hosts, buildNodes, false);
  }

  private static SecretBinding patterns(List<String> hosts) {
    return SecretBinding.parse("lab", List.of("vcenter"), hosts, false, true);
  }

  @Nested
  class Hosts {
    private final SecretBinding exact = binding(List.of("vcenter"), List.of("vCenter.Corp.Example", "10.1.2.3"), false);

    @Test
    void shouldAllowANamedHostWhateverItsCaseOrTrailingDot() {
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443))).isEmpty();
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "VCENTER.corp.example.", 8989))).isEmpty();
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "10.1.2.3", 443))).isEmpty();
    }

    @Test
    void shouldRefuseAnyOtherHostNamingTheSecretAndTheHost() {
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "attacker.example", 443))).hasValueSatisfying(
          m -> assertThat(m).contains("'vcenter-admin'", "attacker.example:443", "vcenter",
              "dunes.secrets.bindings.vcenter-admin"));
      // no lookup: neither a longer name, a name below it, nor another spelling of the address
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example.attacker.example", 443)))
          .isPresent();
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "x.vcenter.corp.example", 443))).isPresent();
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "10.1.2.33", 443))).isPresent();
      assertThat(exact.refusal(VCENTER, Destination.to(Purpose.VCENTER, "010.1.2.3", 443))).isPresent();
    }

    @Test
    void shouldHoldAPortWhereTheEntryNamesOne() {
      SecretBinding withPort = binding(List.of("vcenter"), List.of("vcenter.corp.example:443"), false);

      assertThat(withPort.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443))).isEmpty();
      assertThat(withPort.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 8443))).isPresent();
    }

    @Test
    void shouldMatchADomainPatternBelowTheDomainOnly() {
      SecretBinding lab = patterns(List.of("*.lab.local"));

      assertThat(lab.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.lab.local", 8989))).isEmpty();
      assertThat(lab.refusal(VCENTER, Destination.to(Purpose.VCENTER, "a.b.lab.local", 443))).isEmpty();
      assertThat(lab.refusal(VCENTER, Destination.to(Purpose.VCENTER, "lab.local", 443))).isPresent();
      assertThat(lab.refusal(VCENTER, Destination.to(Purpose.VCENTER, "evillab.local", 443))).isPresent();
      assertThat(lab.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.lab.local.attacker.example", 443)))
          .isPresent();
    }

    @Test
    void shouldMatchANetworkByAddressNeverByName() {
      SecretBinding loopback = patterns(List.of("127.0.0.0/8"));

      assertThat(loopback.refusal(VCENTER, Destination.to(Purpose.VCENTER, "127.0.38.1", 443))).isEmpty();
      assertThat(loopback.refusal(VCENTER, Destination.to(Purpose.VCENTER, "128.0.0.1", 443))).isPresent();
      assertThat(loopback.refusal(VCENTER, Destination.to(Purpose.VCENTER, "localhost", 443))).isPresent();
      assertThat(loopback.refusal(VCENTER, Destination.to(Purpose.VCENTER, "127.1", 443))).isPresent();
    }

    @Test
    void shouldRefusePatternsUnlessTheyAreAllowed() {
      assertThatThrownBy(() -> binding(List.of("vcenter"), List.of("*.corp.example"), false))
          .hasMessageContaining("'*.corp.example' is a pattern").hasMessageContaining("dunes.secrets.allow-host-patterns");
      assertThatThrownBy(() -> binding(List.of("vcenter"), List.of("10.0.0.0/8"), false))
          .hasMessageContaining("is a pattern");
    }

    @Test
    void shouldRefusePatternsThatCoverTooMuchAndEntriesThatAreNoHost() {
      assertThatThrownBy(() -> patterns(List.of("*"))).hasMessageContaining("'*'");
      assertThatThrownBy(() -> patterns(List.of("*.local"))).hasMessageContaining("at least two labels");
      assertThatThrownBy(() -> patterns(List.of("0.0.0.0/0"))).hasMessageContaining("8 to 32 bits");
      assertThatThrownBy(() -> patterns(List.of("vcenter.*.example"))).hasMessageContaining("not a host name");
      assertThatThrownBy(() -> patterns(List.of("https://vcenter.corp.example"))).hasMessageContaining("not a host");
      assertThatThrownBy(() -> patterns(List.of("vcenter.corp.example:70000"))).hasMessageContaining("1 to 65535");
      assertThatThrownBy(() -> patterns(List.of("[::1]"))).hasMessageContaining("IPv6");
    }
  }

  @Nested
  class Purposes {
    @Test
    void shouldRefuseASecretForAnotherPurposeOnAnAllowedHost() {
      SecretBinding ca = binding(List.of("ca-enrolment"), List.of("ca.corp.example"), false);

      assertThat(ca.refusal(new SecretRef("ca-enroll"), Destination.to(Purpose.EDGE, "ca.corp.example", 443)))
          .hasValueSatisfying(m -> assertThat(m).contains("'ca-enroll'", "(edge)", "it is for ca-enrolment"));
    }

    @Test
    void shouldNameTheKnownPurposesForAnUnknownOne() {
      assertThatThrownBy(() -> binding(List.of("vcentre"), List.of("vcenter.corp.example"), false))
          .hasMessageContaining("unknown purpose 'vcentre'").hasMessageContaining(Purpose.tokens());
      assertThatThrownBy(() -> binding(List.of(), List.of("vcenter.corp.example"), false))
          .hasMessageContaining("at least one");
    }

    @Test
    void shouldRefuseABindingThatLetsTheSecretGoNowhere() {
      assertThatThrownBy(() -> binding(List.of("vcenter"), List.of(), false)).hasMessageContaining("names no host");
    }
  }

  @Nested
  class BuildNodes {
    private final SecretBinding root = SecretBinding.parse("root", List.of("appliance-root"), List.of(), true, false);
    private final SecretBinding vcenter = binding(List.of("vcenter"), List.of("vcenter.corp.example"), true);

    @Test
    void shouldLetTheBuildsNodesTakeAnApplianceAccount() {
      assertThat(root.refusal(new SecretRef("appliance-root"),
          Destination.buildNode(Purpose.APPLIANCE_ROOT, "10.9.9.11", 22))).isEmpty();
    }

    @Test
    void shouldNeverLetANodeTakeAnExternalSystemsSecretForItself() {
      // a request naming one of its nodes as its vCenter gets no vCenter password there
      assertThat(vcenter.refusal(VCENTER, Destination.buildNode(Purpose.VCENTER, "10.9.9.11", 443)))
          .hasValueSatisfying(m -> assertThat(m).contains("build node 10.9.9.11:443"));
      assertThat(vcenter.refusal(VCENTER, Destination.to(Purpose.VCENTER, "10.9.9.11", 443))).isPresent();
    }

    @Test
    void shouldLetANodePassASecretOnOnlyToANamedHost() {
      assertThat(vcenter.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443)
          .through("10.9.9.11", 8281))).isEmpty();
      assertThat(vcenter.refusal(VCENTER, Destination.to(Purpose.VCENTER, "attacker.example", 443)
          .through("10.9.9.11", 8281))).hasValueSatisfying(m -> assertThat(m)
          .contains("attacker.example", "the node would pass it on to"));
    }

    @Test
    void shouldKeepASecretWithoutBuildNodesFromTheNodes() {
      SecretBinding direct = binding(List.of("vcenter"), List.of("vcenter.corp.example"), false);

      assertThat(direct.refusal(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443)
          .through("10.9.9.11", 8281))).hasValueSatisfying(m -> assertThat(m).contains("nor build-nodes"));
    }
  }

  @Nested
  class Stores {
    @Test
    void shouldSendASecretWithoutBindingNowhereAndSaySo() {
      PropertySecretStore store = new PropertySecretStore(Map.of("vcenter-admin", "Value-Never-Shown"), name -> null);

      assertThatThrownBy(() -> store.resolveFor(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443)))
          .isInstanceOf(SecretNotAllowedException.class)
          .hasMessageContaining("no binding (dunes.secrets.bindings.vcenter-admin)")
          .hasMessageNotContaining("Value-Never-Shown");
    }

    @Test
    void shouldReadNoValueForARefusedDestination() {
      SecretStore store = new SecretStore() {
        @Override
        public boolean contains(SecretRef ref) {
          return true;
        }

        @Override
        public Secret resolve(SecretRef ref) {
          throw new AssertionError("a refused destination must not read the value");
        }

        @Override
        public java.util.Optional<SecretBinding> binding(SecretRef ref) {
          return java.util.Optional.of(SecretBindingTest.binding(List.of("vcenter"), List.of("vcenter.corp.example"), false));
        }
      };

      assertThatThrownBy(() -> store.resolveFor(VCENTER, Destination.to(Purpose.VCENTER, "attacker.example", 443)))
          .isInstanceOf(SecretNotAllowedException.class).hasMessageContaining("attacker.example");
    }

    @Test
    void shouldResolveForAnAllowedDestination() {
      PropertySecretStore store = new PropertySecretStore(Map.of("vcenter-admin", "pw"),
          Map.of("vcenter-admin", binding(List.of("vcenter"), List.of("vcenter.corp.example"), false)), name -> null);

      assertThat(store.resolveFor(VCENTER, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443))
          .revealAsString()).isEqualTo("pw");
    }
  }
}
