// One WebSocket client of /api/ws: accepts the upgrade, subscribes to the EventBus (one scrape's
// events with ?scrape_id=, else all) and sends each event as a text message, in order. The
// client's messages are read and ignored (the stream is one-way); closing either side ends the
// subscription. A client that falls `max_queue` events behind is disconnected rather than let
// memory grow. Internal to api_server.cc.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <string>

#include "awscrape/api/event_bus.h"

namespace awscrape::api {

void StartWebSocketSession(boost::beast::tcp_stream stream,
                           boost::beast::http::request<boost::beast::http::string_body> request,
                           EventBus& events, std::optional<std::string> scrape_id,
                           size_t max_queue);

}  // namespace awscrape::api
