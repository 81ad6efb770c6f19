"""Error pages and API problems, registered on the app so unmatched URLs get them too."""

from __future__ import annotations

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

from ..queries.state import UnknownId


def wants_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, title: str, detail: str, **extra):
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(UnknownId)
    def unknown_id(err: UnknownId):
        detail = f"There is no {err.kind} '{err.value}'."
        if wants_json():
            return problem(404, "Not Found", detail, kind=err.kind, id=err.value, suggestions=err.suggestions)
        return render_template("errors/404.html", detail=detail, unknown=err), 404

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        status = err.code or 500
        default = type(err).description
        detail = err.description if err.description and err.description != default else _plain_detail(status)
        if wants_json():
            response = problem(status, err.name, detail)
        else:
            template = "errors/404.html" if status == 404 else "errors/error.html"
            response = make_response(render_template(template, detail=detail, status=status, title=err.name,
                                                     unknown=None), status)
        return _keep_headers(err, response)

    @app.errorhandler(Exception)
    def server_error(err: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        if wants_json():
            return problem(500, "Internal Server Error", "Something went wrong on our side.")
        return render_template("errors/error.html", status=500, title="Something went wrong",
                               detail="Something went wrong on our side. Please try again.", unknown=None), 500


def _keep_headers(err: HTTPException, response: Response) -> Response:
    """Keep the headers the error carries (Allow on a 405, Content-Range on a 416): the page replaces its body."""
    for name, value in err.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _plain_detail(status: int) -> str:
    return {
        404: "There is nothing at this address.",
        405: "This address does not accept that kind of request.",
        400: "The request could not be understood.",
    }.get(status, "The request could not be completed.")
