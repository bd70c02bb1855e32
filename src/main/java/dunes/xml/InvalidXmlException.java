package dunes.xml;

/** A text that is not the XML expected: not well-formed, with a DTD, or with another root element. */
public class InvalidXmlException extends RuntimeException {

  public InvalidXmlException(String message) {
    super(message);
  }

  public InvalidXmlException(String message, Throwable cause) {
    super(message, cause);
  }
}
