package dunes.lab.ca;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.lab.ca.LabCertificateAuthority.Authentication;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The knob {@code dunes.lab.ca.authentication}: the lab CA offers what an IIS is set to offer, and
 * with Windows Authentication alone, as a default AD CS, it lets nobody in (it verifies no NTLM or
 * Kerberos token: that is tested against Apache httpd, WindowsAuthenticationPeerTest).
 */
class IisAuthenticationTest {

  /** HttpClient 5's NTLM negotiate message (NTLMEngineImpl's Type1Message), as a client sends it first. */
  private static final String NTLM_NEGOTIATE = "NTLM TlRMTVNTUAABAAAAAYIIogAAAAAoAAAAAAAAACgAAAAFASgKAAAADw==";

  @Test
  void aDefaultAdCsOffersNegotiateAndNtlmAndRefusesBasicEvenWithTheRightPassword() {
    try (LabCaFixture lab = LabCaFixture.start("127.0.33.20",
        s -> s.withAuthentication(Authentication.NEGOTIATE, Authentication.NTLM))) {
      HttpResponse<String> basic = lab.client.submit(TestCsr.vcoCluster().pem(), "WebServer");
      HttpResponse<String> ntlm = lab.client.withAuthorization(NTLM_NEGOTIATE).getText("/certsrv/");

      assertThat(basic.statusCode()).isEqualTo(401);
      assertThat(basic.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
      assertThat(ntlm.statusCode()).isEqualTo(401); // a challenge, never an NTLM one: the lab speaks no NTLM
      assertThat(ntlm.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
      assertThat(lab.journal.entries("ca")).isEmpty();
    }
  }

  @Test
  void anIisWithBasicEnabledTooOffersAllThreeAndLetsBasicIn() {
    try (LabCaFixture lab = LabCaFixture.start("127.0.33.21",
        s -> s.withAuthentication(Authentication.NEGOTIATE, Authentication.NTLM, Authentication.BASIC))) {
      HttpResponse<String> challenge = lab.client.withoutCredentials().getText("/certsrv/");

      assertThat(challenge.headers().allValues("WWW-Authenticate"))
          .containsExactly("Negotiate", "NTLM", "Basic realm=\"ca\"");
      assertThat(lab.client.getText("/certsrv/").statusCode()).isEqualTo(200);
      assertThat(lab.client.withCredentials(LabCaFixture.USER, "guess").getText("/certsrv/").statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void theLabOffersBasicAloneByDefault() {
    assertThat(LabCertificateAuthority.Settings.defaults("LAB\\enroll", "x").authentication())
        .containsExactly(Authentication.BASIC);
  }
}
