package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.support.ExampleRequest;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * ca.authentication: negotiate when absent, one of basic/ntlm/negotiate, never basic over http, and
 * the account name each method needs — field errors before any build starts.
 */
class CaAuthenticationValidationTest {

  private final BuildRequestReader reader = BuildSpecValidatorTest.exampleReader();

  @Test
  void theReadmeExampleLogsInWithBasicAsTheLabCaOffersIt() {
    assertThat(reader.read(ExampleRequest.withTicket("CHG1").toString()).ca().authentication()).isEqualTo("basic");
  }

  @Test
  void negotiateIsTheDefaultAndTakesAKerberosPrincipal() {
    BuildSpec spec = reader.read(ca(c -> c.put("username", "enroll@LAB.LOCAL").remove("authentication")));

    assertThat(spec.ca().authentication()).isEqualTo("negotiate");
  }

  @Test
  void theDefaultNegotiateWithADownLevelNameSaysWhatKerberosNeeds() {
    assertThat(errors(ca(c -> c.remove("authentication")))).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("ca.username");
      assertThat(error.message())
          .contains("user@REALM", "not 'LAB\\enroll'", "ca.authentication: negotiate, the default");
    });
  }

  @Test
  void ntlmTakesDomainBackslashUserOrUserAtDomainButNotABareName() {
    assertThat(reader.read(ca(c -> c.put("authentication", "ntlm"))).ca().username()).isEqualTo("LAB\\enroll");
    assertThat(reader.read(ca(c -> c.put("authentication", "NTLM").put("username", "enroll@lab.local"))).ca()
        .authentication()).isEqualTo("NTLM");

    assertThat(errors(ca(c -> c.put("authentication", "ntlm").put("username", "enroll")))).singleElement()
        .satisfies(error -> {
          assertThat(error.field()).isEqualTo("ca.username");
          assertThat(error.message()).contains("DOMAIN\\user or user@dns.domain");
        });
  }

  @Test
  void anUnknownMethodIsAFieldErrorNamingTheKnownOnes() {
    assertThat(errors(ca(c -> c.put("authentication", "digest")))).singleElement().satisfies(error -> {
      assertThat(error.field()).isEqualTo("ca.authentication");
      assertThat(error.message()).isEqualTo("unknown method 'digest': one of basic, ntlm, negotiate");
    });
  }

  @Test
  void basicOverPlainHttpIsAFieldErrorEvenWhenPlainHttpIsAllowed() {
    assertThat(errors(ca(c -> c.put("url", "http://ca.lab.local/certsrv").put("allowPlainHttp", true))))
        .singleElement().satisfies(error -> {
          assertThat(error.field()).isEqualTo("ca.authentication");
          assertThat(error.message()).contains("in clear with every request", "use negotiate or ntlm");
        });
  }

  private static String ca(Consumer<ObjectNode> change) {
    return ExampleRequest.changed("CHG1", r -> change.accept(ExampleRequest.node(r, "ca")));
  }

  private java.util.List<FieldError> errors(String request) {
    try {
      reader.read(request);
    } catch (InvalidBuildRequestException e) {
      return e.errors();
    }
    throw new AssertionError("the request was accepted");
  }
}
