package dunes.dns;

import java.util.List;

/**
 * Questions Dunes asks of the request's DNS servers ({@code network.dns}), never of the host's
 * resolver: a build must see the names its appliances will see. A server is an address, or
 * {@code address:port} where a lab serves DNS off port 53.
 */
public interface NameLookup {

  /** The IPv4 addresses of {@code name}'s A records; empty when the name or its records are absent. */
  List<String> forward(String name, List<String> servers);

  /** The names of {@code address}'s PTR records (lower case, no trailing dot); empty when absent. */
  List<String> reverse(String address, List<String> servers);

  /** No server of the list answered (timeout, refusal, SERVFAIL): a fact about DNS, not about the name. */
  final class DnsUnavailableException extends RuntimeException {
    public DnsUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
