package dev.arclight.pool.claim;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.pool.web.PoolException;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /claims}: 201 with the VM, now the tenant's, or 404 {@code NoWarmVm}. The 201 carries
 * a W3C {@code Server-Timing} header with the claim's split (books, assign, resize; milliseconds).
 */
@RestController
class ClaimController {

    private final ClaimService claims;

    ClaimController(ClaimService claims) {
        this.claims = claims;
    }

    @PostMapping("/claims")
    ResponseEntity<ClaimedVm> claim(@RequestBody ClaimVmRequest request) {
        var claimed = claims.claimTimed(request)
                .orElseThrow(() -> new PoolException(
                        HttpStatus.NOT_FOUND,
                        PoolErrors.NO_WARM_VM,
                        "no warm VM for runtime " + request.runtime() + " and " + request.memoryMib()
                                + " MiB; boot one instead"));
        return ResponseEntity.created(URI.create("/claims/" + claimed.vm().vmId()))
                .header(
                        "Server-Timing",
                        String.format(
                                Locale.ROOT,
                                "books;dur=%.1f, assign;dur=%.1f, resize;dur=%.1f",
                                claimed.booksMs(),
                                claimed.assignMs(),
                                claimed.resizeMs()))
                .body(claimed.vm());
    }
}
