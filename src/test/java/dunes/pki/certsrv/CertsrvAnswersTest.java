package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The strings read from certsrv's pages, on page shapes beyond the lab's (AD CS's markup, line breaks, entities). */
class CertsrvAnswersTest {

  static final String WHERE = "certsrv at https://ca.example/certsrv (POST certfnsh.asp)";
  static final UnaryOperator<String> EXCERPT = page -> CertsrvAnswers.excerpt(page, null);

  @Nested
  class Submissions {

    @Test
    void shouldReadTheRequestIdFromTheIssuedLinkEscapedOrNot() {
      String script = "<Script>\r\n\tsPKCS7=\"certnew.cer?ReqID=42&Enc=b64\";\r\n</Script>";

      assertThat(submission("<A Href=\"certnew.cer?ReqID=42&amp;Enc=bin\">DER encoded</A>"))
          .isEqualTo(Submission.issued(42));
      assertThat(submission(script)).isEqualTo(Submission.issued(42));
    }

    @Test
    void shouldReadAPendingRequestsId() {
      String page = "<P ID=locPageTitle><B>Certificate Pending</B></P>\r\n<P>Your certificate request has been "
          + "received. However, you must wait for an administrator to issue the certificate you requested.</P>\r\n"
          + "<P>Your Request Id is 1234.</P>";

      assertThat(submission(page)).isEqualTo(Submission.pending(1234));
    }

    @Test
    void shouldReadADenialsMessageAcrossLinesWithItsEntitiesDecoded() {
      String page = "<P>Your certificate request was denied.</P>\r\n<P>Your Request Id is 7.</P>\r\n"
          + "<P>The disposition message is \"Denied by Policy Module  0x80094800, The request was for a &quot;Code"
          + "Signing&quot;\r\n template &amp; more. \".</P>";

      Submission denied = submission(page);

      assertThat(denied.disposition()).isEqualTo(Disposition.DENIED);
      assertThat(denied.requestId()).isEqualTo(OptionalLong.of(7));
      assertThat(denied.message())
          .isEqualTo("Denied by Policy Module 0x80094800, The request was for a \"CodeSigning\" template & more.");
    }

    @Test
    void shouldNameTheMissingIdWhenAPendingPageHasNone() {
      assertThatThrownBy(() -> submission("<B>Certificate Pending</B> come back tomorrow"))
          .isInstanceOf(CertsrvProtocolException.class)
          .hasMessage(WHERE + " said \"Certificate Pending\" without \"Your Request Id is N\", expected the request id "
              + "there: \"Certificate Pending come back tomorrow\"");
    }

    @Test
    void shouldTreatACaServiceThatCannotBeReachedAsUnavailableNotAsADenial() {
      String page = "<P>The disposition message is \"The RPC server is unavailable. 0x800706ba (WIN32: 1722 "
          + "RPC_S_SERVER_UNAVAILABLE)\".</P>";

      assertThatThrownBy(() -> submission(page))
          .isInstanceOfSatisfying(CertsrvUnavailableException.class, e -> assertThat(e.answered()).isTrue())
          .hasMessageContaining("cannot reach the CA service");
    }

    private Submission submission(String page) {
      return CertsrvAnswers.submission(page, WHERE, EXCERPT);
    }
  }

  @Nested
  class DownloadPages {

    @Test
    void shouldReadTheDispositionAfterTheTwoTabs() {
      String page = "<TR><TD ID=locDispLabel>Disposition message:</TD>\r\n<TD>\t\tTaken Under Submission\r\n</TD></TR>";

      assertThat(CertsrvAnswers.status(5, page, WHERE, EXCERPT))
          .isEqualTo(new Status(5, Disposition.PENDING, "Taken Under Submission"));
    }

    @Test
    void shouldFallBackToTheFirstTextAfterTheLabel() {
      String page = "<TD>Disposition message:</TD><TD>Denied by CONTOSO\\pki-officer</TD>";

      assertThat(CertsrvAnswers.status(6, page, WHERE, EXCERPT))
          .isEqualTo(new Status(6, Disposition.DENIED, "Denied by CONTOSO\\pki-officer"));
    }

    @Test
    void shouldNameWhatWasExpectedWhenThePageHasNoDisposition() {
      assertThatThrownBy(() -> CertsrvAnswers.status(6, "<h1>404 - File or directory not found.</h1>", WHERE, EXCERPT))
          .isInstanceOf(CertsrvProtocolException.class)
          .hasMessage(WHERE + " answered a page without \"Disposition message:\", expected a certificate "
              + "(application/pkix-cert) or a page with \"Disposition message:\" (pending or denied): "
              + "\"404 - File or directory not found.\"");
    }
  }

  @Nested
  class Excerpts {

    @Test
    void shouldDropScriptsCommentsAndTagsAndFoldWhiteSpace() {
      assertThat(CertsrvAnswers.excerpt("<html><!-- x --><SCRIPT lang=js>var a = '<b>';</SCRIPT>\r\n<p>Hello&#44;"
          + "&#x20;<i>world</i></p>", null)).isEqualTo("\"Hello, world\"");
    }

    @Test
    void shouldCutLongTextAndMaskTheSecret() {
      String excerpt = CertsrvAnswers.excerpt("<p>pw=hunter2 " + "x".repeat(500) + "</p>", "hunter2");

      assertThat(excerpt).startsWith("\"pw=**** xxx").endsWith("…\"").hasSize(163).doesNotContain("hunter2");
      assertThat(CertsrvAnswers.excerpt("<html><body> </body></html>", null)).isEqualTo("(no text)");
    }
  }
}
