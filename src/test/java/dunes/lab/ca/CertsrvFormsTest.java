package dunes.lab.ca;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the CA reads what browsers and scripts post: CertAttrib lines and urlencoded forms. */
class CertsrvFormsTest {

  @Test
  void shouldFindTheTemplateAmongOtherAttributes() {
    assertThat(CertsrvHandlers.template("UserAgent:Mozilla/5.0\r\nCertificateTemplate:WebServer\r\n"))
        .isEqualTo("WebServer");
    assertThat(CertsrvHandlers.template("certificatetemplate: VcoServer \n")).isEqualTo("VcoServer");
  }

  @Test
  void shouldReportNoTemplateWhenNoneIsNamed() {
    assertThat(CertsrvHandlers.template("")).isNull();
    assertThat(CertsrvHandlers.template("san:dns=vcvco.lab.local")).isNull();
  }

  @Test
  void shouldDecodePlusSignsOfBase64OnlyWhenEscaped() {
    assertThat(HttpForms.decode("CertRequest=ab%2Bcd%3D&Mode=newreq&mode=ignored"))
        .containsEntry("certrequest", "ab+cd=").containsEntry("Mode", "newreq").hasSize(2);
  }

  @Test
  void shouldKeepADispositionOnOneLineWithoutMarkup() {
    assertThat(CertsrvPages.escape("a \"b\"\r\n<c>&")).isEqualTo("a &quot;b&quot;  &lt;c&gt;&amp;");
  }
}
