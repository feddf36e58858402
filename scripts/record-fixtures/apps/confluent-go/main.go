// confluent-kafka-go (Debian golang-github-confluentinc-confluent-kafka-go-dev, github.com/confluentinc/
// confluent-kafka-go/kafka) producer / consumer for the logtrace scenario recorder. Built in GOPATH mode against
// Debian's source package, offline, with cgo against Debian's librdkafka-dev headers; it RUNS with the librdkafka
// shipped in the confluent-kafka wheel (LD_LIBRARY_PATH, same soname), because Debian's librdkafka 2.0.2 cannot
// parse Tansu's ApiVersionResponse v3 (see run).
//
// Logging is what the library's own examples print (fmt on stdout/stderr, no timestamps) plus librdkafka's own
// log lines on stderr ("%LEVEL|SECONDS.MS|FAC|NAME| message", its default logger: this binding version has no
// go.logs.channel).
//
// Producer (examples/producer_example, README): one record every -interval seconds with p.Produce(msg, nil); the
// Events() channel is read in a goroutine and every delivery report printed as the examples print it:
// "Delivery failed: %v" (TopicPartition.Error) or "Delivered message to topic %s [%d] at offset %v".
// kafka.Error events on Events() are printed "%% Error: %v".
// Consumer (examples/consumer_example): Poll(100) in a loop, go.application.rebalance.enable so that the
// assignment is printed ("%% AssignedPartitions: ..."), each message "%% Message on %s:\n%s", kafka.Error
// events "%% Error: %v" on stderr (the example stops on an error; this app keeps polling, as a service does).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/confluentinc/confluent-kafka-go/kafka"
)

const bindingVersion = "0.11.6 (Debian golang-github-confluentinc-confluent-kafka-go-dev)"

func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type record struct {
	ID        int    `json:"id"`
	SentAt    string `json:"sent_at"`
	Outcome   string `json:"outcome"`
	At        string `json:"at,omitempty"`
	Offset    *int64 `json:"offset,omitempty"`
	Error     string `json:"error,omitempty"`
	Partition *int32 `json:"partition,omitempty"`
}

type consumed struct {
	Value  string `json:"value"`
	Offset int64  `json:"offset"`
	At     string `json:"at"`
}

type assignment struct {
	At         string `json:"at"`
	Partitions string `json:"partitions"`
}

var (
	bootstrap = flag.String("bootstrap", "", "")
	topic     = flag.String("topic", "", "")
	clientID  = flag.String("client-id", "", "")
	group     = flag.String("group", "", "")
	duration  = flag.Float64("duration", 60, "")
	interval  = flag.Float64("interval", 0.2, "")
	flushWait = flag.Float64("flush-timeout", 15, "")
	timeoutMs = flag.Int("message-timeout-ms", 10000, "")
	result    = flag.String("result", "", "")
	requestMs = flag.Int("request-timeout-ms", 0, "request.timeout.ms (0: librdkafka's default, 30 s)")
	nparts    = flag.Int("partitions", 1, "the topic's partitions (> 1: the ledger names each record's partition)")
)

func writeJSON(v interface{}) {
	data, _ := json.MarshalIndent(v, "", " ")
	if err := os.WriteFile(*result, data, 0o644); err != nil {
		log.Fatalf("cannot write result: %v", err)
	}
}

func value(seq int) string { return fmt.Sprintf("%s/order-%05d", *clientID, seq) }

func versions() map[string]interface{} {
	_, lib := kafka.LibraryVersion()
	return map[string]interface{}{"binding": bindingVersion, "librdkafka (at run time)": lib}
}

func producer(stop chan os.Signal) {
	conf := &kafka.ConfigMap{"bootstrap.servers": *bootstrap, "client.id": *clientID,
		"message.timeout.ms": *timeoutMs}
	if *requestMs > 0 {
		(*conf)["request.timeout.ms"] = *requestMs
	}
	p, err := kafka.NewProducer(conf)
	if err != nil {
		fmt.Printf("Failed to create producer: %s\n", err)
		os.Exit(1)
	}
	fmt.Printf("Created Producer %v\n", p)
	var mu sync.Mutex
	records := map[int]*record{}
	outstanding := 0
	doneEvents := make(chan struct{})
	go func() {
		defer close(doneEvents)
		for e := range p.Events() {
			switch ev := e.(type) {
			case *kafka.Message:
				seq, _ := ev.Opaque.(int)
				mu.Lock()
				r := records[seq]
				if r != nil {
					r.At = iso(time.Now())
					// the delivery report's partition (-1, RD_KAFKA_PARTITION_UA: never given one), on a topic of several
					if p := ev.TopicPartition.Partition; *nparts > 1 && p >= 0 {
						r.Partition = &p
					}
					if ev.TopicPartition.Error != nil {
						r.Outcome, r.Error = "failed", ev.TopicPartition.Error.Error()
					} else {
						off := int64(ev.TopicPartition.Offset)
						r.Outcome, r.Offset = "confirmed", &off
					}
					outstanding--
				}
				mu.Unlock()
				if ev.TopicPartition.Error != nil {
					fmt.Printf("Delivery failed: %v\n", ev.TopicPartition.Error)
				} else {
					fmt.Printf("Delivered message to topic %s [%d] at offset %v\n",
						*ev.TopicPartition.Topic, ev.TopicPartition.Partition, ev.TopicPartition.Offset)
				}
			case kafka.Error:
				fmt.Fprintf(os.Stderr, "%% Error: %v\n", ev)
			default:
				fmt.Printf("Ignored event: %s\n", ev)
			}
		}
	}()
	start := time.Now()
	deadline := start.Add(time.Duration(*duration * float64(time.Second)))
	seq := 0
loop:
	for time.Now().Before(deadline) {
		seq++
		mu.Lock()
		records[seq] = &record{ID: seq, SentAt: iso(time.Now()), Outcome: "pending"}
		outstanding++
		mu.Unlock()
		err := p.Produce(&kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: topic, Partition: kafka.PartitionAny},
			Value:          []byte(value(seq)), Opaque: seq}, nil)
		if err != nil {
			mu.Lock()
			records[seq].Outcome, records[seq].At, records[seq].Error = "failed", iso(time.Now()), err.Error()
			outstanding--
			mu.Unlock()
			fmt.Printf("Produce failed: %v\n", err)
		}
		next := start.Add(time.Duration(float64(seq) * *interval * float64(time.Second)))
		select {
		case <-time.After(time.Until(next)):
		case <-stop:
			break loop
		}
	}
	left := p.Flush(int(*flushWait * 1000))
	if left > 0 {
		fmt.Printf("%d message(s) still not delivered after %v\n", left, time.Duration(*flushWait*float64(time.Second)))
	}
	// let the events goroutine print the last reports before the handle closes
	for i := 0; i < 20; i++ {
		mu.Lock()
		n := outstanding
		mu.Unlock()
		if n <= left {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { p.Close(); close(closed) }()
	select {
	case <-closed:
		<-doneEvents
	case <-time.After(5 * time.Second):
		fmt.Printf("Producer did not close within 5s\n")
	}
	mu.Lock()
	defer mu.Unlock()
	out := make([]*record, 0, len(records))
	counts := map[string]int{}
	for _, r := range records {
		out = append(out, r)
		counts[r.Outcome]++
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	fmt.Printf("Done: sent=%d confirmed=%d failed=%d pending=%d\n", len(out), counts["confirmed"], counts["failed"], counts["pending"])
	writeJSON(map[string]interface{}{
		"library": "confluent-kafka-go", "version": versions(),
		"config": map[string]interface{}{"client.id": *clientID, "message.timeout.ms": *timeoutMs,
			"request.timeout.ms": map[bool]interface{}{true: "30000 (default)", false: *requestMs}[*requestMs == 0]},
		"records": out,
	})
}

func consumer(stop chan os.Signal) {
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":               *bootstrap,
		"group.id":                        *group,
		"client.id":                       *clientID,
		"session.timeout.ms":              10000,
		"heartbeat.interval.ms":           3000,
		"go.application.rebalance.enable": true,
		"default.topic.config":            kafka.ConfigMap{"auto.offset.reset": "earliest"}})
	if err != nil {
		fmt.Fprintf(os.Stderr, "Failed to create consumer: %s\n", err)
		os.Exit(1)
	}
	fmt.Printf("Created Consumer %v\n", c)
	if err := c.SubscribeTopics([]string{*topic}, nil); err != nil {
		fmt.Fprintf(os.Stderr, "Failed to subscribe: %s\n", err)
		os.Exit(1)
	}
	var got []consumed
	var assignments []assignment
	bound := time.Now().Add(time.Duration(*duration * float64(time.Second)))
	run := true
	for run && time.Now().Before(bound) {
		select {
		case sig := <-stop:
			fmt.Printf("Caught signal %v: terminating\n", sig)
			run = false
		default:
			ev := c.Poll(100)
			if ev == nil {
				continue
			}
			switch e := ev.(type) {
			case kafka.AssignedPartitions:
				fmt.Fprintf(os.Stderr, "%% %v\n", e)
				assignments = append(assignments, assignment{At: iso(time.Now()), Partitions: fmt.Sprint(e.Partitions)})
				c.Assign(e.Partitions)
			case kafka.RevokedPartitions:
				fmt.Fprintf(os.Stderr, "%% %v\n", e)
				c.Unassign()
			case *kafka.Message:
				got = append(got, consumed{Value: string(e.Value), Offset: int64(e.TopicPartition.Offset), At: iso(time.Now())})
				fmt.Printf("%% Message on %s:\n%s\n", e.TopicPartition, string(e.Value))
			case kafka.PartitionEOF:
				fmt.Printf("%% Reached %v\n", e)
			case kafka.Error:
				fmt.Fprintf(os.Stderr, "%% Error: %v\n", e)
			default:
				fmt.Printf("Ignored %v\n", e)
			}
		}
	}
	writeJSON(map[string]interface{}{
		"library": "confluent-kafka-go", "version": versions(),
		"config": map[string]interface{}{"client.id": *clientID, "group.id": *group, "session.timeout.ms": 10000,
			"heartbeat.interval.ms": 3000, "go.application.rebalance.enable": true, "auto.offset.reset": "earliest"},
		"assignments": assignments, "consumed": got,
	})
	fmt.Printf("Closing consumer\n")
	closed := make(chan struct{})
	go func() { c.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		fmt.Printf("Consumer did not close within 5s\n")
	}
}

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: confluent-go-app producer|consumer [flags]")
	}
	role := os.Args[1]
	flag.CommandLine.Parse(os.Args[2:])
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	switch role {
	case "producer":
		producer(stop)
	case "consumer":
		consumer(stop)
	default:
		log.Fatal("usage: confluent-go-app producer|consumer [flags]")
	}
}
