import type { MessageTexts } from './messages.nb.ts';

// English: the messages pages (namespace `messages`).
const messages: MessageTexts = {
  title: 'Messages',
  intro:
    'This is where the people in the plan write to each other. Only those a message is sent to can read it.',
  readOnly:
    'You can read the messages sent to you, but not write new ones. If you need to write here, ask the coordinator ({{coordinator}}).',
  empty: 'No messages yet.',
  emptyWriter: 'No messages yet. Write to the team with “New message”.',
  newMessage: 'New message',
  showOlder: 'Show older messages',
  threads: 'Conversations',
  thread: {
    noSubject: 'Message from {{name}}',
    latest: 'Latest from {{name}}, {{time}}',
    count_one: '{{count}} message',
    count_other: '{{count}} messages',
    unread_one: '{{count}} new',
    unread_other: '{{count}} new',
    withdrawn: 'Withdrawn',
    back: 'Back to the messages',
    notFoundTitle: 'Conversation not found',
    notFoundText:
      'The conversation does not exist, or you are not among those it was sent to. Messages sent to others are seen only by them.',
    messages: 'Messages in the conversation',
    cannotReply: 'Every message in this conversation has been withdrawn, so it cannot be answered.',
  },
  message: {
    heading: '{{name}}, {{time}}',
    to: 'To',
    toEveryoneCount_one: '{{count}} recipient',
    toEveryoneCount_other: '{{count}} recipients',
    edited: 'Edited {{time}}',
    new: 'New',
    removed: 'no longer in the plan',
    withdrawnTag: 'Withdrawn',
    withdrawnText: 'The message was withdrawn {{time}}. Its content is no longer shown.',
    readBy: 'Read by {{read}} of {{total}}',
    readDetails: 'Who has read it',
    readAt: 'read {{time}}',
    notRead: 'not read yet',
    edit: 'Edit',
    editLabel: 'Edit the message from {{time}}',
    editHeading: 'Edit the message',
    editHelp: 'You can edit the message until someone has read it.',
    save: 'Save the change',
    saved: 'The change is saved.',
    editTooLate:
      'Someone has already read the message, so it can no longer be changed. Your text is still here – you can send it as a new reply in the conversation.',
    editChanged:
      'The message was changed somewhere else in the meantime. Press “Save the change” again to use your text.',
    sendAsReply: 'Send as a new reply',
    withdraw: 'Withdraw',
    withdrawLabel: 'Withdraw the message from {{time}}',
    withdrawHeading: 'Withdraw the message?',
    withdrawText:
      'The recipients will see that there was a message here, but no longer what it said. This cannot be undone.',
    withdrawConfirm: 'Yes, withdraw it',
    withdrawn: 'The message has been withdrawn.',
  },
  composer: {
    newHeading: 'New message',
    replyHeading: 'Reply in the conversation',
    subject: 'Subject',
    body: 'Message',
    bodyHelp: 'Links that start with https:// can be clicked by the recipients.',
    to: 'Who should get the message?',
    toAll: 'The whole team',
    toAllHelp: 'Everyone in the plan who can read messages.',
    toThread: 'Everyone in the conversation',
    toSome: 'Choose who',
    pick: 'Recipients',
    nobodyToPick: 'There is nobody else in the plan you can choose.',
    bodyRequired: 'Write a message.',
    pickRequired: 'Choose at least one recipient.',
    tooLong: 'The message cannot be longer than {{max}} characters.',
    subjectTooLong: 'The subject cannot be longer than {{max}} characters.',
    send: 'Send',
    sendReply: 'Send reply',
    sent: 'The message has been sent.',
    visibility:
      'Only you and the recipients see the message. They get a notice that there is a new message in Samvirke, with none of its content.',
    restored:
      'You wrote a message that was not sent ({{time}}). We kept it, and it is back here now.',
    discard: 'Delete it and start again',
    pendingHeading: 'You have a message that has not been sent',
    pendingText: 'What you wrote has been kept in this tab.',
    pendingOpen: 'Continue the message',
    failedSession:
      'You have been logged out, so the message was not sent. What you wrote has been kept. Log in again and you will find it here.',
    failedForbidden: 'You can no longer write messages in this plan. What you wrote is still here.',
    failedRecipients:
      'Some of the recipients cannot get messages in this plan now. Choose the recipients again. What you wrote is still here.',
    failedWithdrawn:
      'The message you are replying to has been withdrawn. What you wrote is still here.',
    failedInvalid:
      'Check what you have written. It may be too long or contain characters that are not allowed.',
  },
  inbox: {
    title: 'Messages',
    intro: 'Messages from all the plans you take part in, newest first.',
    empty: 'You have no messages yet.',
    unreadHeading: 'Unread messages',
    noneUnread: 'You have no unread messages.',
    unreadIn_one: '{{title}}: {{count}} unread',
    unreadIn_other: '{{title}}: {{count}} unread',
    inPlan: 'In {{title}}',
    more: 'Show more',
    toPlans: 'Go to your plans',
  },
  live: {
    newFrom: 'New message from {{name}}',
    newMany: '{{count}} new messages',
  },
};

export default messages;
