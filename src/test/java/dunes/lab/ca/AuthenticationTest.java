package dunes.lab.ca;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP Basic in front of every page, the lab's control pages included. */
class AuthenticationTest {

  private final LabCaFixture lab = LabCaFixture.start("127.0.1.6");

  @AfterEach
  void stop() {
    lab.close();
  }

  @Test
  void shouldChallengeAClientWithoutCredentials() {
    HttpResponse<String> page = lab.client.withoutCredentials().submit(TestCsr.vcoCluster().pem(), "WebServer");

    assertThat(page.statusCode()).isEqualTo(401);
    assertThat(page.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"ca\"");
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  @Test
  void shouldRefuseAWrongPasswordOrUser() {
    CertsrvTestClient wrongPassword = lab.client.withCredentials(LabCaFixture.USER, "guess");
    CertsrvTestClient wrongUser = lab.client.withCredentials("LAB\\someone", LabCaFixture.PASSWORD);

    assertThat(wrongPassword.submit(TestCsr.vcoCluster().pem(), "WebServer").statusCode()).isEqualTo(401);
    assertThat(wrongUser.getText("/certsrv/certnew.cer?ReqID=CACert&Enc=b64").statusCode()).isEqualTo(401);
    assertThat(wrongPassword.getText("/certsrv/certcarc.asp").statusCode()).isEqualTo(401);
    assertThat(lab.journal.entries("ca")).isEmpty();
  }

  @Test
  void shouldProtectTheLabControlPages() {
    HttpResponse<String> mode = lab.client.withoutCredentials().post("/lab/mode", Map.of("mode", "DENY"));

    assertThat(mode.statusCode()).isEqualTo(401);
    assertThat(lab.ca.mode()).isEqualTo(LabCertificateAuthority.Mode.AUTO_ISSUE);
  }

  @Test
  void shouldLetTheEnrollmentAccountIn() {
    HttpResponse<String> home = lab.client.getText("/certsrv/");

    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("Dunes Lab Root CA");
  }
}
