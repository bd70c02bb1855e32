package dunes.edge.xml;

/** {@code <applicationProfile>}: one protocol and port of a virtual server. */
public class ApplicationProfile {

  /** HTTP, HTTPS or TCP */
  public String protocol;
  public Integer port;
  public Persistence persistence;
}
