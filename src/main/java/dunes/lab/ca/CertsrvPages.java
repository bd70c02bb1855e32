package dunes.lab.ca;

import java.util.stream.Collectors;

/**
 * The HTML certsrv answers with, shaped like the AD CS pages in the parts that clients parse
 * (PROTOCOLS.md 1b): the issued link {@code certnew.cer?ReqID=N&amp;}, "Certificate Pending" with
 * "Your Request Id is N.", {@code The disposition message is "..."}, and on a download that holds
 * no certificate, "Disposition message:" followed, after two tabs, by the message on its own line.
 */
final class CertsrvPages {

  private static final String CRLF = "\r\n";

  private CertsrvPages() {}

  static String home(String caName) {
    return page("<P ID=locPageTitle><B>Welcome</B></P>" + CRLF
        + "<P>Use this Web site to request a certificate from " + escape(caName) + ".</P>" + CRLF
        + "<P><A Href=\"certcarc.asp\">Download a CA certificate, certificate chain, or CRL</A></P>");
  }

  static String issued(int id) {
    return page("<P ID=locPageTitle><B>Certificate Issued</B></P>" + CRLF
        + "<P ID=locInfo>The certificate you requested was issued to you.</P>" + CRLF
        + "<P><A Href=\"certnew.cer?ReqID=" + id + "&amp;Enc=bin\">DER encoded</A> or "
        + "<A Href=\"certnew.cer?ReqID=" + id + "&amp;Enc=b64\">Base 64 encoded</A></P>" + CRLF
        + "<P><A Href=\"certnew.cer?ReqID=" + id + "&amp;Enc=b64\">Download certificate</A></P>" + CRLF
        + "<P><A Href=\"certnew.p7b?ReqID=" + id + "&amp;Enc=b64\">Download certificate chain</A></P>");
  }

  static String pending(int id) {
    return page("<P ID=locPageTitle><B>Certificate Pending</B></P>" + CRLF
        + "<P ID=locInfo>Your certificate request has been received. However, you must wait for an"
        + " administrator to issue the certificate you requested.</P>" + CRLF
        + "<P ID=locReqID>Your Request Id is " + id + ".</P>" + CRLF
        + "<P>Please return to this web site in a day or two to retrieve your certificate.</P>");
  }

  static String denied(int id, String disposition) {
    return page("<P ID=locPageTitle><B>Certificate Denied</B></P>" + CRLF
        + "<P ID=locDenied>Your certificate request was denied.</P>" + CRLF
        + "<P ID=locReqID>Your Request Id is " + id + ".</P>" + CRLF
        + "<P ID=locInfo>Contact your administrator for further information.</P>" + CRLF
        + "<P ID=locErrorMsg>The disposition message is \"" + escape(disposition) + "\".</P>");
  }

  /** A submission that could not even be read: no request id, as AD CS keeps no row for it. */
  static String requestError(String message) {
    return page("<P ID=locPageTitle><B>Certificate Request Error</B></P>" + CRLF
        + "<P ID=locInfo>Your certificate request was not accepted by the Certification Authority.</P>" + CRLF
        + "<P ID=locErrorMsg>The disposition message is \"" + escape(message) + "\".</P>");
  }

  /** What certnew.cer / certnew.p7b answer when the request holds no certificate. */
  static String noCertificate(String requestId, String disposition) {
    return page("<P ID=locPageTitle><B>Certificate Services Error</B></P>" + CRLF
        + "<P ID=locInfo>The certificate for request " + escape(requestId) + " is not available.</P>" + CRLF
        + "<TABLE>" + CRLF
        + "<TR><TD ID=locDispLabel>Disposition message:</TD>" + CRLF
        + "<TD>\t\t" + escape(disposition) + CRLF
        + "</TD></TR>" + CRLF
        + "</TABLE>");
  }

  /** The CA certificate page; clients read {@code var nRenewals=N;} to address the newest CA key. */
  static String caCertificates(String caName) {
    return page("<Script Language=\"JavaScript\">" + CRLF
        + "\tvar nRenewals=0;" + CRLF
        + "\tvar sCAName=\"" + escape(caName) + "\";" + CRLF
        + "</Script>" + CRLF
        + "<P><A Href=\"certnew.cer?ReqID=CACert&amp;Renewal=0&amp;Enc=b64\">Download CA certificate</A></P>" + CRLF
        + "<P><A Href=\"certnew.p7b?ReqID=CACert&amp;Renewal=0&amp;Enc=b64\">Download CA certificate chain</A></P>");
  }

  /**
   * The advanced request page: the form for a pasted CSR, and the template list as public certsrv
   * clients read it, one {@code <Option Value="E;name;…">display name} per line (Metasploit's
   * esc8.rb: {@code Option Value="[E|O];(.*?);}). What AD CS writes after the second ';' is not
   * public: the lab writes nothing there.
   */
  static String advancedRequest(java.util.List<String> templates) {
    StringBuilder options = new StringBuilder();
    for (String template : templates) {
      options.append("\t<Option Value=\"E;").append(escape(template)).append(";\">").append(escape(template))
          .append("</Option>").append(CRLF);
    }
    // the form posts to certfnsh.asp with the fields certsrv clients send (PROTOCOLS.md 1b); the
    // select's own name and the page's other markup are the lab's, not Microsoft's
    return page("<P ID=locPageTitle><B>Submit a Certificate Request</B></P>" + CRLF
        + "<Form Action=\"certfnsh.asp\" Method=Post>" + CRLF
        + "<Input Type=Hidden Name=Mode Value=\"newreq\">" + CRLF
        + "<TextArea Name=CertRequest Rows=10 Cols=64></TextArea>" + CRLF
        + "<Select>" + CRLF
        + options
        + "</Select>" + CRLF
        + "</Form>");
  }

  static String escape(String text) {
    return text.chars().mapToObj(c -> switch (c) {
      case '&' -> "&amp;";
      case '<' -> "&lt;";
      case '>' -> "&gt;";
      case '"' -> "&quot;";
      case '\r', '\n', '\t' -> " "; // keeps a message on the one line clients read
      default -> String.valueOf((char) c);
    }).collect(Collectors.joining());
  }

  private static String page(String body) {
    return "<HTML>" + CRLF + "<Head>" + CRLF
        + "<Meta HTTP-Equiv=\"Content-Type\" Content=\"text/html; charset=UTF-8\">" + CRLF
        + "<Title>Microsoft Active Directory Certificate Services</Title>" + CRLF
        + "</Head>" + CRLF + "<Body BgColor=#FFFFFF>" + CRLF
        + body + CRLF
        + "</Body>" + CRLF + "</HTML>" + CRLF;
  }
}
