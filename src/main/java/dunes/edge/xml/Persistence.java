package dunes.edge.xml;

/** {@code <persistence>}: COOKIE or SSL_SESSION_ID. */
public class Persistence {

  public String method;
  public String cookieName;
  /** INSERT, PREFIX or APP */
  public String cookieMode;
}
