package webhook

import "time"

// Status is where a delivery stands.
type Status string

const (
	// Pending: attempted, not yet accepted; another attempt follows.
	Pending Status = "pending"
	// Delivered: the endpoint answered 2xx.
	Delivered Status = "delivered"
	// Failed: every attempt failed; the next event follows.
	Failed Status = "failed"
	// Cancelled: the webhook was disabled before the event was delivered.
	Cancelled Status = "cancelled"
)

// Delivery is one event's delivery to one webhook, as its delivery log shows
// it: every attempt counted, the last one's answer kept.
type Delivery struct {
	// Seq orders a webhook's deliveries (the delivery log's cursor).
	Seq       uint64
	EventID   string
	EventType string
	Position  uint64
	Attempts  int
	Status    Status
	// LastStatusCode is the HTTP status of the last attempt (0: no answer).
	LastStatusCode int
	// LastError says why the last attempt failed ("" when it did not).
	LastError    string
	FirstAttempt time.Time
	LastAttempt  time.Time
	NextAttempt  *time.Time // while pending
	DeliveredAt  *time.Time
}

// Subscription is a webhook as the deliverer knows it.
type Subscription struct {
	Registered
	// Position is the global position of its registration: deliveries
	// start after it.
	Position   uint64
	DisabledAt *time.Time
	// Delivered is the position up to which the log has been delivered (or
	// given up on): deliveries resume after it.
	Delivered uint64
}
