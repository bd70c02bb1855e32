package dunes.build;

import dunes.security.BufferedRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 413 for a build API body over {@code dunes.request.max-size}: by its Content-Length before
 * anything is read, or, for a body without one (chunked), once more than the limit has arrived. A
 * body within the limit is handed on as read, so nothing larger is ever buffered.
 */
final class RequestSizeFilter extends OncePerRequestFilter {

  private final long maxBytes;

  RequestSizeFilter(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!"POST".equals(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    if (request.getContentLengthLong() > maxBytes) {
      tooLarge(response);
      return;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
    if (body.length > maxBytes) {
      tooLarge(response);
      return;
    }
    chain.doFilter(new BufferedRequest(request, body), response);
  }

  private void tooLarge(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"status\":413,\"message\":\"a build request is at most " + maxBytes
        + " bytes (dunes.request.max-size); nothing was started\"}");
  }
}
