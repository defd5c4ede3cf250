package dev.arclight.pool.admin;

import dev.arclight.contracts.pool.PoolView;
import dev.arclight.contracts.pool.SubPoolRequest;
import dev.arclight.contracts.pool.SubPoolView;
import dev.arclight.pool.subpool.SubPools;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The pool's admin API: sub-pools ({@code PUT/GET/DELETE /sub-pools/{id}}, {@code GET /sub-pools})
 * and the whole pool ({@code GET /admin/pool}, which the gateway forwards, authenticated).
 */
@RestController
class PoolAdminController {

    private final SubPools subPools;
    private final PoolViews views;

    PoolAdminController(SubPools subPools, PoolViews views) {
        this.subPools = subPools;
        this.views = views;
    }

    @PutMapping("/sub-pools/{id}")
    ResponseEntity<SubPoolView> put(@PathVariable String id, @RequestBody SubPoolRequest request) {
        boolean created = subPools.put(id, request);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(views.subPoolView(id));
    }

    @GetMapping("/sub-pools")
    List<SubPoolView> list() {
        return views.subPoolViews();
    }

    @GetMapping("/sub-pools/{id}")
    SubPoolView get(@PathVariable String id) {
        return views.subPoolView(id);
    }

    @DeleteMapping("/sub-pools/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id) {
        subPools.delete(id);
    }

    @GetMapping("/admin/pool")
    PoolView pool() {
        return views.pool();
    }
}
